import { dequantizeMatrix, type QuantizedMatrix } from '../../models/quantize';
import { geluRef } from '../elementwise/elementwise.ref';
import type { MatmulActivation } from './bindings';

export interface MatmulRefOptions {
  /** b is (N, K) instead of (K, N). */
  readonly transposeB?: boolean;
  /** (N) */
  readonly bias?: Float32Array;
  /** (M, N) */
  readonly residual?: Float32Array;
  readonly activation?: MatmulActivation;
}

/**
 * CPU reference, sums in double precision:
 * (M, K) @ (K, N) [or (M, K) @ (N, K)ᵀ] + (N) -> act -> + (M, N) residual -> (M, N).
 */
export function matmulRef(
  a: Float32Array,
  b: Float32Array,
  M: number,
  N: number,
  K: number,
  options: MatmulRefOptions = {},
): Float64Array {
  const { transposeB = false, bias, residual, activation = 'none' } = options;
  const out = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    // Row m of the product; the loop order reads B along its stored rows either way.
    const row = new Float64Array(N);
    if (transposeB) {
      for (let n = 0; n < N; n++) {
        let sum = 0;
        for (let k = 0; k < K; k++) sum += a[m * K + k]! * b[n * K + k]!;
        row[n] = sum;
      }
    } else {
      for (let k = 0; k < K; k++) {
        const x = a[m * K + k]!;
        for (let n = 0; n < N; n++) row[n]! += x * b[k * N + n]!;
      }
    }
    for (let n = 0; n < N; n++) {
      let v = row[n]! + (bias ? bias[n]! : 0);
      if (activation === 'gelu') v = geluRef(v);
      out[m * N + n] = v + (residual ? residual[m * N + n]! : 0);
    }
  }
  return out;
}

/**
 * CPU reference of a block-quantised B: the weights it stands for, (q − z) · s, dequantised
 * from its packed bytes by ../../models/quantize.ts, then the plain product:
 * (M, K) @ dequantised (K, N) + (N) -> act -> + (M, N) residual -> (M, N).
 */
export function matmulQuantizedRef(
  a: Float32Array,
  b: QuantizedMatrix,
  M: number,
  options: Omit<MatmulRefOptions, 'transposeB'> = {},
): Float64Array {
  return matmulRef(a, dequantizeMatrix(b), M, b.N, b.K, options);
}
