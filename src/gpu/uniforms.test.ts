import { describe, expect, it } from 'vitest';
import { defineUniforms } from './uniforms';

describe('defineUniforms', () => {
  it('lays out scalars back to back and pads the struct to 16 bytes', () => {
    const layout = defineUniforms({ rows: 'u32', cols: 'u32', scale: 'f32' });
    expect(layout.fields.map((f) => f.offset)).toEqual([0, 4, 8]);
    expect(layout.byteSize).toBe(16);
    expect(layout.wgsl).toBe('struct Uniforms {\n  rows: u32,\n  cols: u32,\n  scale: f32,\n}');
  });

  it('aligns vectors as WGSL does: vec2 to 8, vec4 to 16', () => {
    const layout = defineUniforms({ n: 'u32', shape: 'vec2u', eps: 'f32', bias: 'vec4f' });
    expect(layout.fields.map((f) => f.offset)).toEqual([0, 8, 16, 32]);
    expect(layout.byteSize).toBe(48);
  });

  it('packs little-endian values at the derived offsets', () => {
    const layout = defineUniforms({ n: 'u32', shape: 'vec2u', eps: 'f32', offset: 'i32' });
    const bytes = layout.pack({ n: 7, shape: [3, 5], eps: 0.5, offset: -2 });
    const view = new DataView(bytes);
    expect(view.getUint32(0, true)).toBe(7);
    expect([view.getUint32(8, true), view.getUint32(12, true)]).toEqual([3, 5]);
    expect(view.getFloat32(16, true)).toBe(0.5);
    expect(view.getInt32(20, true)).toBe(-2);
  });

  it('refuses values that do not fit their type', () => {
    const layout = defineUniforms({ n: 'u32', shape: 'vec2u' });
    expect(() => layout.pack({ n: -1, shape: [1, 1] })).toThrow(/"n" = -1 is not a u32/);
    expect(() => layout.pack({ n: 1.5, shape: [1, 1] })).toThrow(/not a u32/);
    expect(() => layout.pack({ n: 1, shape: [1] })).toThrow(/needs 2 value/);
  });

  it('has no struct and no buffer without fields', () => {
    const layout = defineUniforms({});
    expect(layout.byteSize).toBe(0);
    expect(layout.wgsl).toBe('');
  });
});
