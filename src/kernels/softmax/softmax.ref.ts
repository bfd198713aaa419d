import { softmaxInPlace } from '../../models/reference-ops';

/** CPU reference, in double precision: (R, N) → (R, N), each row max-subtracted. */
export function softmaxRef(x: Float32Array, columns: number): Float64Array {
  const out = Float64Array.from(x);
  for (let offset = 0; offset < x.length; offset += columns) {
    softmaxInPlace(out.subarray(offset, offset + columns), columns);
  }
  return out;
}
