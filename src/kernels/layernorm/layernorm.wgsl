// LayerNorm over the last axis (Ba et al. 2016), as torch.nn.LayerNorm with a biased
// variance: out = (x − mean) / √(var + ε) · γ + β, for x of shape (rows, C).
//
// One workgroup per row; the host launches `rows` workgroups (folded past the per-dimension
// limit, undone by linear_workgroup_id). The row is read as `width` = C / lanes elements of
// type V (vec4<f32> when C is a multiple of four, f32 otherwise).
//
// Statistics in one read of the row, without the cancellation of E[x²] − E[x]² (which loses
// every digit of the variance for rows like 1000 ± 1 in f32):
//   1. Invocation `lid` walks elements lid, lid + W, lid + 2W, … with Welford's update, one
//      running (mean, M2) per vector lane; all lanes of an invocation see the same count.
//   2. It folds its lanes into one (count, mean, M2) with Chan et al.'s pairwise formula
//      (Chan, Golub & LeVeque 1979), which only ever adds squared deviations.
//   3. A tree over workgroup memory merges the W partial results with the same formula, in
//      log2(W) steps (so W must be a power of two). Invocations that saw no element carry a
//      count of zero, which the merge treats as the identity.
// Then every invocation reads the merged statistics and writes its elements in a second
// read of the row (from cache: a row is a few KiB).

alias V = {{vector}};
const W = {{workgroupSize}}u;

{{uniforms}}

@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read> gamma: array<V>;
@group(0) @binding(2) var<storage, read> beta: array<V>;
@group(0) @binding(3) var<storage, read_write> out: array<V>;
@group(0) @binding(4) var<uniform> u: Uniforms;

var<workgroup> partial_count: array<f32, W>;
var<workgroup> partial_mean: array<f32, W>;
var<workgroup> partial_m2: array<f32, W>;

struct Moments {
  count: f32,
  mean: f32,
  m2: f32,
}

// Chan's merge of two disjoint sets' moments. An empty side is the identity (and must not
// reach the division, which would be 0 / 0).
fn merge(a: Moments, b: Moments) -> Moments {
  if (b.count == 0.0) {
    return a;
  }
  if (a.count == 0.0) {
    return b;
  }
  let count = a.count + b.count;
  let delta = b.mean - a.mean;
  let share = b.count / count;
  return Moments(count, a.mean + delta * share, a.m2 + b.m2 + delta * delta * a.count * share);
}

// An invocation's lanes to one Moments. Lanes have equal counts n, so the merged mean is
// their average and M2 gains n · Σ (lane mean − mean)².
fn fold_lanes1(count: f32, mean: f32, m2: f32) -> Moments {
  return Moments(count, mean, m2);
}

fn fold_lanes4(count: f32, mean: vec4<f32>, m2: vec4<f32>) -> Moments {
  let average = dot(mean, vec4<f32>(0.25));
  let spread = mean - vec4<f32>(average);
  return Moments(4.0 * count, average, dot(m2, vec4<f32>(1.0)) + count * dot(spread, spread));
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

  var count = 0.0;
  var mean = V(0.0);
  var m2 = V(0.0);
  for (var i = lid; i < u.width; i += W) {
    let v = x[base + i];
    count += 1.0;
    let delta = v - mean;
    mean += delta / count;
    m2 += delta * (v - mean);
  }
  let own = fold_lanes{{vectorWidth}}(count, mean, m2);
  partial_count[lid] = own.count;
  partial_mean[lid] = own.mean;
  partial_m2[lid] = own.m2;
  workgroupBarrier();

  for (var stride = W / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      let merged = merge(
        Moments(partial_count[lid], partial_mean[lid], partial_m2[lid]),
        Moments(partial_count[lid + stride], partial_mean[lid + stride], partial_m2[lid + stride]),
      );
      partial_count[lid] = merged.count;
      partial_mean[lid] = merged.mean;
      partial_m2[lid] = merged.m2;
    }
    workgroupBarrier();
  }

  let row_mean = partial_mean[0];
  // Biased variance (divide by C, not C − 1), as torch.nn.LayerNorm and GPT-2.
  let inv_std = inverseSqrt(partial_m2[0] / partial_count[0] + u.eps);
  for (var i = lid; i < u.width; i += W) {
    out[base + i] = (x[base + i] - V(row_mean)) * inv_std * gamma[i] + beta[i];
  }
}
