// Shared by every matmul variant (appended to each template): A, B and the epilogue in
// logical coordinates, over the primitives that bindings.ts declares.
//
// A is (M, K) row-major. B is logically (K, N); it is stored (K, N) row-major (GPT-2's Conv1D
// weights) or, when TRANSPOSE_B, (N, K) row-major (the tied LM head, x @ wteᵀ). Reads outside
// the matrices return zero, so a tile that hangs over an edge adds nothing to any sum; stores
// outside `out` are dropped. That is the only bounds handling the variants need.

// How many of the columns c … c+3 lie inside a row of `cols`: 4, fewer at the row's tail, 0
// past it.
fn lanes(c: u32, cols: u32) -> u32 {
  return min(cols - min(c, cols), 4u);
}

// A[row, k … k+3] (k % 4 == 0), zeros outside.
fn loadA4(row: u32, k: u32) -> vec4f {
  if (row >= u.M) {
    return vec4f(0.0);
  }
  return a_4(row * u.K + k, lanes(k, u.K));
}

// A[row, k], inside bounds only (the naive variant).
fn loadA(row: u32, k: u32) -> f32 {
  return a_1(row * u.K + k);
}

// B[k, n] whichever way B is stored, inside bounds only (the naive variant). A stored row
// is b_rowStride long: the matrix's, or whole blocks of a quantised B (quantized.ts).
fn loadB(k: u32, n: u32) -> f32 {
  if (TRANSPOSE_B) {
    return b_1(n * b_rowStride(u.K) + k);
  }
  return b_1(k * u.N + n);
}

// Elements c … c+3 (c % 4 == 0) of stored row r of B, whose stored shape is (K, N), or
// (N, K) when transposed; zeros outside.
fn loadStoredB4(r: u32, c: u32) -> vec4f {
  let rows = select(u.K, u.N, TRANSPOSE_B);
  let cols = select(u.N, u.K, TRANSPOSE_B);
  if (r >= rows) {
    return vec4f(0.0);
  }
  return b_4(r * b_rowStride(cols) + c, lanes(c, cols));
}

// The block B[k … k+3, n … n+3] (k, n multiples of 4) as a matrix whose column j is
// B[k + j, n … n+3], so that `block * A[row, k … k+3]` is what those four k add to
// out[row, n … n+3]. Every load is a vec4 along a stored row: four rows of B as stored, or,
// when transposed, four rows of Bᵀ turned into columns in registers.
fn loadB4x4(k: u32, n: u32) -> mat4x4f {
  if (TRANSPOSE_B) {
    return transpose(mat4x4f(
      loadStoredB4(n, k),
      loadStoredB4(n + 1u, k),
      loadStoredB4(n + 2u, k),
      loadStoredB4(n + 3u, k),
    ));
  }
  return mat4x4f(
    loadStoredB4(k, n),
    loadStoredB4(k + 1u, n),
    loadStoredB4(k + 2u, n),
    loadStoredB4(k + 3u, n),
  );
}

// GELU, tanh form, as GPT-2 uses it (Hendrycks & Gimpel 2016, §2):
// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). The argument of tanh is clamped to ±15, where
// tanh is ±1 in f32 already: some drivers compute tanh through exp and return NaN for large
// arguments (as in elementwise/unary.wgsl).
fn gelu4(v: vec4f) -> vec4f {
  let inner = 0.7978845608028654 * (v + 0.044715 * v * v * v);
  return 0.5 * v * (1.0 + tanh(clamp(inner, vec4f(-15.0), vec4f(15.0))));
}

// The epilogue, fused so the product never round-trips through memory:
// out[row, col … col+3] = residual + act(acc + bias), for the columns inside N; nothing past M.
fn finish4(row: u32, col: u32, acc: vec4f) {
  let n = lanes(col, u.N);
  if (row >= u.M || n == 0u) {
    return;
  }
  let i = row * u.N + col;
  var v = acc + bias_4(col, n);
  if (GELU) {
    v = gelu4(v);
  }
  out_4(i, n, v + residual_4(i, n));
}

// The epilogue for one element, inside bounds only (the naive variant).
fn finish(row: u32, col: u32, acc: f32) {
  let i = row * u.N + col;
  var v = acc + bias_1(col);
  if (GELU) {
    v = gelu4(vec4f(v)).x;
  }
  out_1(i, v + residual_1(i));
}
