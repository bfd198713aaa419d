/**
 * How a kernel reads a tensor from a storage buffer, generated per binding so that one WGSL
 * template serves f32 and f16 tensors alike. Every encoding gives the same two primitives over
 * flat element indices, both returning f32 — arithmetic stays f32 whatever is stored:
 *
 *   X_1(i) -> f32          element i
 *   X_4(i, n) -> vec4f     elements i … i+n−1 (n ≤ 4), zeros after; at width 4 the binding is
 *                          an array of 4-vectors, so i % 4 == 0 and n is 0 or 4
 *
 * The encodings:
 * - f32: array<f32> or array<vec4f>.
 * - f16: array<f16> or array<vec4<f16>>, which needs `enable f16;` and the device feature
 *   `shader-f16` (most discrete GPUs; not SwiftShader).
 * - packed-f16: the same bytes read as array<u32> or array<vec2u>, two halves per word, turned
 *   into f32 by unpack2x16float (core WGSL: every device). The word's low half is the element
 *   with the even index, as the little-endian bytes of an f16 array lay it out.
 *
 * f16 weights halve the bytes a decode step streams; f16 and packed-f16 read the same buffer
 * and give the same f32 values (f16 → f32 is exact), so the packed path, which runs here on
 * SwiftShader, checks the numerics of both.
 */
import type { DType } from '../gpu';

export type StorageEncoding = 'f32' | 'f16' | 'packed-f16';

/** How a tensor of `dtype` is read on a device with or without `shader-f16`. */
export function storageEncoding(dtype: DType, shaderF16: boolean): StorageEncoding {
  if (dtype === 'f32') return 'f32';
  if (dtype === 'f16') return shaderF16 ? 'f16' : 'packed-f16';
  throw new Error(`no floating-point storage for ${dtype}`);
}

/** The `enable` directives and device features a set of encodings needs. */
export function encodingNeeds(encodings: readonly StorageEncoding[]): {
  enables: string[];
  features: GPUFeatureName[];
} {
  return encodings.includes('f16')
    ? { enables: ['f16'], features: ['shader-f16'] }
    : { enables: [], features: [] };
}

const ELEMENT: Record<StorageEncoding, Record<1 | 4, string>> = {
  f32: { 1: 'f32', 4: 'vec4f' },
  f16: { 1: 'f16', 4: 'vec4<f16>' },
  'packed-f16': { 1: 'u32', 4: 'vec2u' },
};

/** The binding declaration of a read-only tensor. */
export const storageDeclaration = (
  name: string,
  binding: number,
  encoding: StorageEncoding,
  width: 1 | 4,
) =>
  `@group(0) @binding(${binding}) var<storage, read> ${name}: array<${ELEMENT[encoding][width]}>;`;

/** X_1 and X_4 for binding `name` (see the top of this file). */
export function storageReaders(name: string, encoding: StorageEncoding, width: 1 | 4): string {
  if (width === 4) {
    return `fn ${name}_1(i: u32) -> f32 { return ${name}_4(i - i % 4u, 4u)[i % 4u]; }
fn ${name}_4(i: u32, n: u32) -> vec4f {
  if (n == 0u) { return vec4f(0.0); }
  ${vectorLoad(name, encoding)}
}`;
  }
  return `fn ${name}_1(i: u32) -> f32 { ${scalarLoad(name, encoding)} }
fn ${name}_4(i: u32, n: u32) -> vec4f {
  if (n >= 4u) { return vec4f(${name}_1(i), ${name}_1(i + 1u), ${name}_1(i + 2u), ${name}_1(i + 3u)); }
  var v = vec4f(0.0);
  for (var j = 0u; j < n; j++) { v[j] = ${name}_1(i + j); }
  return v;
}`;
}

function vectorLoad(name: string, encoding: StorageEncoding): string {
  switch (encoding) {
    case 'f32':
      return `return ${name}[i / 4u];`;
    case 'f16':
      return `return vec4f(${name}[i / 4u]);`;
    case 'packed-f16':
      return `let w = ${name}[i / 4u];
  return vec4f(unpack2x16float(w.x), unpack2x16float(w.y));`;
  }
}

function scalarLoad(name: string, encoding: StorageEncoding): string {
  switch (encoding) {
    case 'f32':
      return `return ${name}[i];`;
    case 'f16':
      return `return f32(${name}[i]);`;
    case 'packed-f16':
      return `return unpack2x16float(${name}[i / 2u])[i % 2u];`;
  }
}

/** X_1 and X_4 of a binding that is absent: zeros (an optional bias or residual). */
export const zeroReaders = (name: string) => `fn ${name}_1(i: u32) -> f32 { return 0.0; }
fn ${name}_4(i: u32, n: u32) -> vec4f { return vec4f(0.0); }`;
