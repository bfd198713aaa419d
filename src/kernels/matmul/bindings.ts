/**
 * The part of a matmul shader that must be generated: which bindings exist (bias and residual
 * are optional, and binding numbers follow the inputs present), and how each one is read at
 * its vector width. Everything else — bounds, the A and B layouts, the epilogue — is fixed
 * WGSL in access.wgsl, written once over the primitives declared here.
 *
 * Each storage binding X gets two primitives over flat element indices:
 *   X_1(i) -> f32                  element i
 *   X_4(i, n) -> vec4f             elements i … i+n−1 (n ≤ 4), zeros after; when X is stored
 *                                  as vec4, rows are whole vectors, so i % 4 == 0 and n is 0 or 4
 * and `out` the matching stores out_1(i, v) and out_4(i, n, v). An absent bias or residual
 * reads as zeros, so the epilogue is one expression whatever is bound.
 */

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
}

/** The part of a cache key the layout contributes: `nt/k4n1/bias+res/gelu`. */
export function layoutKey(layout: MatmulLayout): string {
  const epilogue = [layout.hasBias && 'bias', layout.hasResidual && 'res'].filter(Boolean);
  return [
    layout.transposeB ? 'nt' : 'nn',
    `k${layout.kVector}n${layout.nVector}`,
    epilogue.length > 0 ? epilogue.join('+') : 'nobias',
    layout.activation,
  ].join('/');
}

/** Inputs in binding order: a, b, [bias], [residual]. */
export const inputCount = (layout: MatmulLayout) =>
  2 + Number(layout.hasBias) + Number(layout.hasResidual);

const element = (width: 1 | 4) => (width === 4 ? 'vec4f' : 'f32');

function readers(name: string, width: 1 | 4): string {
  if (width === 4) {
    return `fn ${name}_1(i: u32) -> f32 { return ${name}[i / 4u][i % 4u]; }
fn ${name}_4(i: u32, n: u32) -> vec4f {
  if (n == 0u) { return vec4f(0.0); }
  return ${name}[i / 4u];
}`;
  }
  return `fn ${name}_1(i: u32) -> f32 { return ${name}[i]; }
fn ${name}_4(i: u32, n: u32) -> vec4f {
  if (n >= 4u) { return vec4f(${name}[i], ${name}[i + 1u], ${name}[i + 2u], ${name}[i + 3u]); }
  var v = vec4f(0.0);
  for (var j = 0u; j < n; j++) { v[j] = ${name}[i + j]; }
  return v;
}`;
}

const zeros = (name: string) => `fn ${name}_1(i: u32) -> f32 { return 0.0; }
fn ${name}_4(i: u32, n: u32) -> vec4f { return vec4f(0.0); }`;

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
  const { kVector, nVector, transposeB, hasBias, hasResidual } = layout;
  const bVector = transposeB ? kVector : nVector;
  const inputs: [string, 1 | 4][] = [
    ['a', kVector],
    ['b', bVector],
    ...(hasBias ? [['bias', nVector] as [string, 1 | 4]] : []),
    ...(hasResidual ? [['residual', nVector] as [string, 1 | 4]] : []),
  ];
  const declarations = inputs.map(
    ([name, width], binding) =>
      `@group(0) @binding(${binding}) var<storage, read> ${name}: array<${element(width)}>;`,
  );
  declarations.push(
    `@group(0) @binding(${inputs.length}) var<storage, read_write> out: array<${element(nVector)}>;`,
    `@group(0) @binding(${inputs.length + 1}) var<uniform> u: Uniforms;`,
  );
  return [
    `const TRANSPOSE_B = ${transposeB};`,
    `const GELU = ${layout.activation === 'gelu'};`,
    '',
    ...declarations,
    '',
    ...inputs.map(([name, width]) => readers(name, width)),
    ...(hasBias ? [] : [zeros('bias')]),
    ...(hasResidual ? [] : [zeros('residual')]),
    writers(nVector),
  ].join('\n');
}
