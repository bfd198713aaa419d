/**
 * CPU reference, in double precision: (R, C), γ (C), β (C) → (R, C).
 * out = (x − mean) / √(var + ε) · γ + β with the biased variance, each row on its own;
 * mean and variance in two passes, so the reference itself has no cancellation.
 */
export function layerNormRef(
  x: Float32Array,
  columns: number,
  gamma: Float32Array,
  beta: Float32Array,
  eps = 1e-5,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let offset = 0; offset < x.length; offset += columns) {
    let mean = 0;
    for (let c = 0; c < columns; c++) mean += x[offset + c]!;
    mean /= columns;
    let variance = 0;
    for (let c = 0; c < columns; c++) variance += (x[offset + c]! - mean) ** 2;
    variance /= columns;
    const invStd = 1 / Math.sqrt(variance + eps);
    for (let c = 0; c < columns; c++) {
      out[offset + c] = (x[offset + c]! - mean) * invStd * gamma[c]! + beta[c]!;
    }
  }
  return out;
}
