import { describe, expect, it } from 'vitest';
import { bakeWgsl, foldWorkgroups } from './program';
import { defineUniforms } from './uniforms';

describe('foldWorkgroups', () => {
  it('keeps counts within the limit in x', () => {
    expect(foldWorkgroups(0, 65535)).toEqual([0, 1, 1]);
    expect(foldWorkgroups(65535, 65535)).toEqual([65535, 1, 1]);
  });

  it('folds larger counts into y, then z, covering at least the count', () => {
    expect(foldWorkgroups(65536, 65535)).toEqual([65535, 2, 1]);
    const [x, y, z] = foldWorkgroups(65535 * 65535 + 1, 65535);
    expect([x, y, z]).toEqual([65535, 65535, 2]);
    for (const count of [1, 7, 70_000, 1_048_576, 5_000_000_000]) {
      const [a, b, c] = foldWorkgroups(count, 65535);
      expect(a * b * c).toBeGreaterThanOrEqual(count);
      expect(a * b * (c - 1)).toBeLessThan(count); // no whole slab of idle workgroups
    }
  });

  it('refuses what no fold can launch', () => {
    expect(() => foldWorkgroups(4 ** 3 + 1, 4)).toThrow(/exceed 4³/);
    expect(() => foldWorkgroups(-1, 4)).toThrow(/bad workgroup count/);
  });
});

describe('bakeWgsl', () => {
  const uniforms = defineUniforms({ count: 'u32' });

  it('substitutes the uniform struct and constants, after the prelude', () => {
    const wgsl = bakeWgsl('{{uniforms}}\n@workgroup_size({{size}}) // {{size}}', uniforms, {
      size: 64,
    });
    expect(wgsl).toContain('fn linear_workgroup_id');
    expect(wgsl).toContain('struct Uniforms {\n  count: u32,\n}');
    expect(wgsl).toContain('@workgroup_size(64) // 64');
  });

  it('fails when the template and the program disagree', () => {
    expect(() => bakeWgsl('{{missing}}', uniforms)).toThrow(/\{\{missing\}\} has no value/);
    expect(() => bakeWgsl('x', uniforms, { extra: 1 })).toThrow(/has no \{\{extra\}\}/);
  });
});
