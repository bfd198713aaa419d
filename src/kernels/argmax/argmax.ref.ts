/**
 * CPU reference: (R, N) → (R), the first index of each row's largest value, as torch.argmax:
 * the first NaN wins outright, and −0 === +0 compares equal, so the first of them is kept.
 */
export function argmaxRef(x: ArrayLike<number>, columns: number): Uint32Array {
  const out = new Uint32Array(x.length / columns);
  for (let r = 0; r < out.length; r++) {
    let best = 0;
    for (let j = 0; j < columns; j++) {
      const v = x[r * columns + j]!;
      if (Number.isNaN(v)) {
        best = j;
        break;
      }
      if (v > x[r * columns + best]!) best = j;
    }
    out[r] = best;
  }
  return out;
}
