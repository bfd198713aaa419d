/**
 * The part of a matmul shader that must be generated: which bindings exist (bias and residual
 * are optional, and binding numbers follow the inputs present), and how each one is read at
 * its vector width and encoding (B may hold f16 weights). Everything else — bounds, the A and
 * B layouts, the epilogue — is fixed WGSL in access.wgsl, written once over the primitives
 * declared here: X_1(i) and X_4(i, n) for each input (../storage.ts), zeros for an absent bias
 * or residual so the epilogue is one expression whatever is bound, and the matching stores
 * out_1(i, v) and out_4(i, n, v).
 */
import { type StorageEncoding, storageDeclaration, storageReaders, zeroReaders } from '../storage';

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
  /** How B is stored: f32, or f16 weights (native or packed, ../storage.ts). A is always f32. */
  readonly bEncoding: StorageEncoding;
}

/** The part of a cache key the layout contributes: `nt/k4n1/bias+res/gelu/b:f32`. */
export function layoutKey(layout: MatmulLayout): string {
  const epilogue = [layout.hasBias && 'bias', layout.hasResidual && 'res'].filter(Boolean);
  return [
    layout.transposeB ? 'nt' : 'nn',
    `k${layout.kVector}n${layout.nVector}`,
    epilogue.length > 0 ? epilogue.join('+') : 'nobias',
    layout.activation,
    `b:${layout.bEncoding}`,
  ].join('/');
}

/** Inputs in binding order: a, b, [bias], [residual]. */
export const inputCount = (layout: MatmulLayout) =>
  2 + Number(layout.hasBias) + Number(layout.hasResidual);

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
  const inputs: Input[] = [
    ['a', kVector, 'f32'],
    ['b', transposeB ? kVector : nVector, bEncoding],
  ];
  if (hasBias) inputs.push(['bias', nVector, 'f32']);
  if (hasResidual) inputs.push(['residual', nVector, 'f32']);
  const declarations = inputs.map(([name, width, encoding], binding) =>
    storageDeclaration(name, binding, encoding, width),
  );
  declarations.push(
    `@group(0) @binding(${inputs.length}) var<storage, read_write> out: array<${nVector === 4 ? 'vec4f' : 'f32'}>;`,
    `@group(0) @binding(${inputs.length + 1}) var<uniform> u: Uniforms;`,
  );
  return [
    `const TRANSPOSE_B = ${transposeB};`,
    `const GELU = ${layout.activation === 'gelu'};`,
    '',
    ...declarations,
    '',
    ...inputs.map(([name, width, encoding]) => storageReaders(name, encoding, width)),
    ...(hasBias ? [] : [zeroReaders('bias')]),
    ...(hasResidual ? [] : [zeroReaders('residual')]),
    writers(nVector),
  ].join('\n');
}
