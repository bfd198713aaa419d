// Row-wise softmax: out[r, j] = exp(x[r, j] − m_r) / Σ_k exp(x[r, k] − m_r), m_r = max_k x[r, k].
// Subtracting the row's maximum keeps every exponent ≤ 0, so logits of ±100 (or ±1e30) cannot
// overflow, and the largest term is exactly 1, so the sum is ≥ 1 and never 0.
//
// One workgroup per row; the host launches `rows` workgroups (folded past the per-dimension
// limit, undone by linear_workgroup_id). The row is `width` = N / lanes elements of type V
// (vec4<f32> when N is a multiple of four, f32 otherwise).
//
// The maximum and the sum come from one read of the row, as an online softmax (Milakov &
// Gimelshein 2018): each invocation keeps a running (m, s) per vector lane over elements
// lid, lid + W, …, where s = Σ exp(x − m); when m grows, s is rescaled by exp(m_old − m_new).
// Pairs merge the same way, (m, s) ⊕ (m', s') = (M, s·exp(m − M) + s'·exp(m' − M)) with
// M = max(m, m'): first an invocation's lanes, then the W invocations in a halving tree over
// workgroup memory (so W must be a power of two). A second read writes the outputs.
//
// The running maximum starts at the lowest finite f32, not −∞: WGSL lets implementations
// assume that no infinity occurs, and −∞ − (−∞) would be NaN. An invocation that sees no
// element keeps (lowest, 0), which any merge absorbs as exp(·)·0 = 0. Masked logits should
// be large negative finite numbers (e.g. −1e30); a row of only −∞ has no defined result.

alias V = {{vector}};
const W = {{workgroupSize}}u;
const LOWEST = -0x1.fffffep+127f; // −FLT_MAX, exactly

{{uniforms}}

@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read_write> out: array<V>;
@group(0) @binding(2) var<uniform> u: Uniforms;

var<workgroup> partial_max: array<f32, W>;
var<workgroup> partial_sum: array<f32, W>;

// An invocation's lanes to one (max, sum).
fn fold_lanes1(m: f32, s: f32) -> vec2<f32> {
  return vec2<f32>(m, s);
}

fn fold_lanes4(m: vec4<f32>, s: vec4<f32>) -> vec2<f32> {
  let top = max(max(m.x, m.y), max(m.z, m.w));
  return vec2<f32>(top, dot(s, exp(m - vec4<f32>(top))));
}

@compute @workgroup_size(W)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = linear_workgroup_id(wid, nwg);
  // Uniform across the workgroup, so the barriers below stay in uniform control flow.
  if (row >= u.rows) {
    return;
  }
  let base = row * u.width;

  var m = V(LOWEST);
  var s = V(0.0);
  for (var i = lid; i < u.width; i += W) {
    let v = x[base + i];
    let grown = max(m, v);
    s = s * exp(m - grown) + exp(v - grown);
    m = grown;
  }
  let own = fold_lanes{{vectorWidth}}(m, s);
  partial_max[lid] = own.x;
  partial_sum[lid] = own.y;
  workgroupBarrier();

  for (var stride = W / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      let m_a = partial_max[lid];
      let m_b = partial_max[lid + stride];
      let top = max(m_a, m_b);
      partial_sum[lid] = partial_sum[lid] * exp(m_a - top) + partial_sum[lid + stride] * exp(m_b - top);
      partial_max[lid] = top;
    }
    workgroupBarrier();
  }

  let row_max = V(partial_max[0]);
  let inv_sum = 1.0 / partial_sum[0];
  for (var i = lid; i < u.width; i += W) {
    out[base + i] = exp(x[base + i] - row_max) * inv_sum;
  }
}
