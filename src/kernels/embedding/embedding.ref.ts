/**
 * CPU reference: ids (T), wte (V, C), wpe (Tmax, C) → (T, C),
 * out[t] = wte[ids[t]] + wpe[positionOffset + t]; an id ≥ V contributes zeros, as the kernel.
 */
export function embeddingRef(
  ids: Uint32Array,
  wte: Float32Array,
  wpe: Float32Array,
  columns: number,
  positionOffset = 0,
): Float64Array {
  const vocab = wte.length / columns;
  const out = new Float64Array(ids.length * columns);
  ids.forEach((id, t) => {
    for (let c = 0; c < columns; c++) {
      const token = id < vocab ? wte[id * columns + c]! : 0;
      out[t * columns + c] = token + wpe[(positionOffset + t) * columns + c]!;
    }
  });
  return out;
}
