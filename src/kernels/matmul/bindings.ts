/**
 * The part of a matmul shader that must be generated: which bindings exist (bias and residual
 * are optional, and binding numbers follow the inputs present), and how each one is read at
 * its vector width and encoding (B may hold f16 weights). Everything else — bounds, the A and
 * B layouts, the epilogue — is fixed WGSL in access.wgsl, written once over the primitives
 * declared here: X_1(i) and X_4(i, n) for each input (../storage.ts), zeros for an absent bias
 * or residual so the epilogue is one expression whatever is bound, and the matching stores
 * out_1(i, v) and out_4(i, n, v). A block-quantised B (./quantized.ts) binds two arrays, its
 * integers and its scales, and stores rows of whole blocks: b_rowStride(cols) says how long.
 */
import { type StorageEncoding, storageDeclaration, storageReaders, zeroReaders } from '../storage';
import {
  type BlockEncoding,
  blockKey,
  plainRowStride,
  quantizedDeclarations,
  quantizedReaders,
} from './quantized';

export type MatmulActivation = 'none' | 'gelu';

/** What a matmul shader bakes in besides its tiling: the layout and the epilogue. */
export interface MatmulLayout {
  /** B stored (N, K) row-major (the tied LM head) instead of (K, N). */
  readonly transposeB: boolean;
  /** Rows along K (A, and B when transposed) read as vec4: needs K % 4 == 0. */
  readonly kVector: 1 | 4;
  /** Rows along N (B when not transposed, bias, residual, out) as vec4: needs N % 4 == 0. */
  readonly nVector: 1 | 4;
  readonly hasBias: boolean;
  readonly hasResidual: boolean;
  readonly activation: MatmulActivation;
  /**
   * How B is stored: f32, f16 weights (native or packed, ../storage.ts), or block-quantised
   * integers (./quantized.ts; stored (N, K), so with transposeB). A is always f32.
   */
  readonly bEncoding: StorageEncoding | BlockEncoding;
}

/** The part of a cache key the layout contributes: `nt/k4n1/bias+res/gelu/b:f32`. */
export function layoutKey(layout: MatmulLayout): string {
  const epilogue = [layout.hasBias && 'bias', layout.hasResidual && 'res'].filter(Boolean);
  return [
    layout.transposeB ? 'nt' : 'nn',
    `k${layout.kVector}n${layout.nVector}`,
    epilogue.length > 0 ? epilogue.join('+') : 'nobias',
    layout.activation,
    `b:${typeof layout.bEncoding === 'string' ? layout.bEncoding : blockKey(layout.bEncoding)}`,
  ].join('/');
}

/** Inputs in binding order: a, b, [b's scales], [bias], [residual]. */
export const inputCount = (layout: MatmulLayout) =>
  2 + Number(isBlockEncoded(layout)) + Number(layout.hasBias) + Number(layout.hasResidual);

const isBlockEncoded = (layout: MatmulLayout) => typeof layout.bEncoding !== 'string';

function writers(width: 1 | 4): string {
  if (width === 4) {
    return `fn out_1(i: u32, v: f32) { out[i / 4u][i % 4u] = v; }
fn out_4(i: u32, n: u32, v: vec4f) {
  if (n > 0u) { out[i / 4u] = v; }
}`;
  }
  return `fn out_1(i: u32, v: f32) { out[i] = v; }
fn out_4(i: u32, n: u32, v: vec4f) {
  for (var j = 0u; j < n; j++) { out[i + j] = v[j]; }
}`;
}

/**
 * Bindings, the uniform block and the primitives, for the `{{bindings}}` placeholder. The
 * uniform struct itself is `{{uniforms}}`, declared by the template.
 */
export function bindingsWgsl(layout: MatmulLayout): string {
  const { kVector, nVector, transposeB, hasBias, hasResidual, bEncoding } = layout;
  type Input = readonly [name: string, width: 1 | 4, encoding: StorageEncoding];
  const declarations = [storageDeclaration('a', 0, 'f32', kVector)];
  const readers = [storageReaders('a', 'f32', kVector)];
  if (typeof bEncoding === 'string') {
    const width = transposeB ? kVector : nVector;
    declarations.push(storageDeclaration('b', 1, bEncoding, width));
    readers.push(storageReaders('b', bEncoding, width), plainRowStride('b'));
  } else {
    declarations.push(...quantizedDeclarations('b', 1));
    readers.push(quantizedReaders('b', bEncoding));
  }
  const epilogue: Input[] = [];
  if (hasBias) epilogue.push(['bias', nVector, 'f32']);
  if (hasResidual) epilogue.push(['residual', nVector, 'f32']);
  let binding = declarations.length;
  for (const [name, width, encoding] of epilogue) {
    declarations.push(storageDeclaration(name, binding++, encoding, width));
    readers.push(storageReaders(name, encoding, width));
  }
  declarations.push(
    `@group(0) @binding(${binding}) var<storage, read_write> out: array<${nVector === 4 ? 'vec4f' : 'f32'}>;`,
    `@group(0) @binding(${binding + 1}) var<uniform> u: Uniforms;`,
  );
  return [
    `const TRANSPOSE_B = ${transposeB};`,
    `const GELU = ${layout.activation === 'gelu'};`,
    '',
    ...declarations,
    '',
    ...readers,
    ...(hasBias ? [] : [zeroReaders('bias')]),
    ...(hasResidual ? [] : [zeroReaders('residual')]),
    writers(nVector),
  ].join('\n');
}
