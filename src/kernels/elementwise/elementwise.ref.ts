import type { BinaryOp, UnaryOp } from './elementwise';

/** GELU, tanh form (Hendrycks & Gimpel 2016), in double precision. */
export const geluRef = (x: number) =>
  0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

const UNARY: Readonly<Record<UnaryOp, (x: number) => number>> = {
  gelu: geluRef,
  relu: (x) => Math.max(x, 0),
};

const BINARY: Readonly<Record<BinaryOp, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  mul: (a, b) => a * b,
};

/** (n) -> (n) */
export function unaryRef(op: UnaryOp, x: Float32Array): Float64Array {
  return Float64Array.from(x, UNARY[op]);
}

/** (n), (n) -> (n) */
export function binaryRef(op: BinaryOp, a: Float32Array, b: Float32Array): Float64Array {
  return Float64Array.from(a, (value, i) => BINARY[op](value, b[i]!));
}
