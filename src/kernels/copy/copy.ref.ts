/** CPU reference: (n) -> (n), element by element. */
export function copyRef(src: Float32Array): Float32Array {
  return Float32Array.from(src);
}
