// Causal self-attention for one query at a time — the decode step (T = 1), where one new
// token attends to the whole cache: softmax(q·kᵀ / √D)·v per head, the query t at cache
// position P + t (P = positionOffset) seeing keys 0 … P + t. It runs for any T (one workgroup
// per (token, head)), which lets tests check it against the prefill kernel.
//
// A whole workgroup of WORKGROUP invocations serves one query. Keys go through in chunks of up
// to CHUNK positions (one chunk for GPT-2's 1024):
//   1. scores: invocation i scores keys i, i + WORKGROUP, … of the chunk — one dot product over
//      D per key, q read from workgroup memory (a broadcast) — into `scores`, and keeps their max;
//   2. the chunk max, by a tree reduction over the invocations; the running max m becomes
//      m_new = max(m, chunk max), and each invocation turns its own scores into
//      p = exp(s − m_new) in place;
//   3. the weighted sum of V: invocation (g, d) = (i / (D/4), i % (D/4)) adds p_j·v_j[d] for
//      keys j ≡ g (mod groups), groups = WORKGROUP / (D/4), so the D/4 invocations of a group
//      read one V row as consecutive vec4s (coalesced); it also sums those p_j into its own
//      share of the denominator l. Both are first scaled by exp(m − m_new) (online softmax,
//      Milakov & Gimelshein 2018), so chunks combine exactly.
// At the end the groups' partial rows and sums meet in workgroup memory and the D/4
// invocations of group 0 write Σ acc / Σ l.
//
// Only keys 0 … P + t are ever read, so cache positions past P + T − 1 cannot reach the output.
// The scale 1/√D arrives multiplied by log2(e) and is folded into q: every exponential is exp2.
//
// Workgroup memory: 32 vec4s of q (D ≤ 128), CHUNK scores, WORKGROUP floats and WORKGROUP
// vec4s for the reductions — 9.5 KiB at WORKGROUP 256 and CHUNK 1024, within the spec's 16 KiB.

const WORKGROUP = {{workgroupSize}}u;
const CHUNK = {{chunk}}u;
const MAX_HEAD_VECTORS = {{maxHeadVectors}}u;
// WGSL has no infinity: a finite floor for "no key yet"; exp2 of it minus a real score is 0.
const NO_SCORE = -3.0e38;

{{uniforms}}

// The cache positions already filled, which change every step (src/gpu/step.ts).
{{step}}

@group(0) @binding(0) var<storage, read> qkv: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> key_cache: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> value_cache: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> y: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> u: Uniforms;
@group(0) @binding(5) var<uniform> step: Step;

var<workgroup> query: array<vec4<f32>, MAX_HEAD_VECTORS>;
var<workgroup> scores: array<f32, CHUNK>;
// The chunk max's tree, and at the end each invocation's share of l.
var<workgroup> reduction: array<f32, WORKGROUP>;
var<workgroup> partial: array<vec4<f32>, WORKGROUP>;

@compute @workgroup_size(WORKGROUP)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let linear = linear_workgroup_id(wid, nwg);
  if (linear >= u.tokens * u.heads) {
    return;
  }
  let head = linear % u.heads;
  let t = linear / u.heads;
  let dv = u.headVectors;
  let width = u.heads * dv; // C / 4
  if (lid < dv) {
    query[lid] = qkv[t * 3u * width + head * dv + lid] * u.scale;
  }
  workgroupBarrier();

  let kv_len = step.positionOffset + t + 1u;
  let head_rows = head * u.maxPositions;
  let groups = WORKGROUP / dv;
  let group = lid / dv;
  let d = lid % dv;

  var m = NO_SCORE;
  var l = 0.0;
  var acc = vec4<f32>(0.0);
  for (var chunk_start = 0u; chunk_start < kv_len; chunk_start += CHUNK) {
    let n = min(CHUNK, kv_len - chunk_start);
    let rows = head_rows + chunk_start;

    var local_max = NO_SCORE;
    for (var j = lid; j < n; j += WORKGROUP) {
      let at = (rows + j) * dv;
      var dot4 = vec4<f32>(0.0);
      for (var i = 0u; i < dv; i++) {
        dot4 += query[i] * key_cache[at + i];
      }
      let s = dot4.x + dot4.y + dot4.z + dot4.w;
      scores[j] = s;
      local_max = max(local_max, s);
    }
    reduction[lid] = local_max;
    workgroupBarrier();
    for (var stride = WORKGROUP / 2u; stride > 0u; stride /= 2u) {
      if (lid < stride) {
        reduction[lid] = max(reduction[lid], reduction[lid + stride]);
      }
      workgroupBarrier();
    }
    let m_new = max(m, reduction[0]);
    // Own scores only: no barrier needed between writing them above and rewriting them here.
    for (var j = lid; j < n; j += WORKGROUP) {
      scores[j] = exp2(scores[j] - m_new);
    }
    workgroupBarrier();

    let rescale = exp2(m - m_new);
    acc *= rescale;
    l *= rescale;
    if (group < groups) {
      for (var j = group; j < n; j += groups) {
        let p = scores[j];
        acc += p * value_cache[(rows + j) * dv + d];
        l += p;
      }
    }
    m = m_new;
    // The next chunk rewrites `scores` and `reduction`.
    workgroupBarrier();
  }

  partial[lid] = acc;
  reduction[lid] = l;
  workgroupBarrier();
  if (lid < dv) {
    var total = vec4<f32>(0.0);
    var denominator = 0.0;
    for (var g = 0u; g < groups; g++) {
      total += partial[g * dv + lid];
      denominator += reduction[g * dv + lid];
    }
    // The D/4 lanes of a group summed the same p_j: column `lid` of `reduction` holds l as
    // exactly the keys of this column's acc saw it.
    y[t * width + head * dv + lid] = total / denominator;
  }
}
