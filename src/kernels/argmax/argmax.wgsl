// argmax over the last axis: out[r] = the first index of the largest value of row r, as
// torch.argmax. Greedy decoding reads it for one row of 50 257 logits, so the reduction runs
// in one workgroup per row and needs no second dispatch.
//
// Invocation `lid` walks the row's elements lid, lid + W, lid + 2W, … (of type V: vec4<f32>
// when the row length is a multiple of four, f32 otherwise), keeping its best (key, index).
// It visits indices in increasing order and replaces its best only on a strictly larger key,
// so it keeps the first of equal values. A halving tree over workgroup memory (W a power of
// two) merges the W bests, preferring the larger key and, on equal keys, the smaller index.
//
// Values are compared as order keys, u32s that sort as the floats do, computed from the bits:
// WGSL lets implementations assume no NaN or infinity occurs, so a float comparison could not
// be trusted with them; integer comparisons are exact. The keys follow torch.argmax:
//   • NaN is larger than everything (torch propagates NaN through max), so the first NaN wins;
//   • −0 and +0 are equal (the first of them wins a tie);
//   • −∞ < every finite value < +∞.

alias V = {{vector}};
const W = {{workgroupSize}}u;
const LANES = {{vectorWidth}}u;

{{uniforms}}

@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<uniform> u: Uniforms;

var<workgroup> best_key: array<u32, W>;
var<workgroup> best_index: array<u32, W>;

// Flip negatives entirely and set the sign bit of positives: then the unsigned order of the
// keys is the order of the floats (Herf, "Radix Tricks", 2001).
fn order_key(v: f32) -> u32 {
  let bits = bitcast<u32>(v);
  if ((bits & 0x7fffffffu) > 0x7f800000u) {
    return 0xffffffffu; // NaN, of either sign
  }
  if (bits == 0x80000000u) {
    return 0x80000000u; // −0, keyed as +0
  }
  if ((bits & 0x80000000u) != 0u) {
    return ~bits;
  }
  return bits | 0x80000000u;
}

// Lane l of a V; for f32 the only lane is the value itself.
fn lane1(v: f32, l: u32) -> f32 {
  return v;
}

fn lane4(v: vec4<f32>, l: u32) -> f32 {
  return v[l];
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

  // Key 0 is below every value's key (−∞'s is 0x007fffff), so the first element always wins
  // against it; an invocation that sees no element keeps (0, 0xffffffff) and loses every tie.
  var key = 0u;
  var index = 0xffffffffu;
  for (var i = lid; i < u.width; i += W) {
    let v = x[base + i];
    for (var l = 0u; l < LANES; l++) {
      let k = order_key(lane{{vectorWidth}}(v, l));
      if (k > key) {
        key = k;
        index = i * LANES + l;
      }
    }
  }
  best_key[lid] = key;
  best_index[lid] = index;
  workgroupBarrier();

  for (var stride = W / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      let other_key = best_key[lid + stride];
      let other_index = best_index[lid + stride];
      let mine = best_key[lid];
      if (other_key > mine || (other_key == mine && other_index < best_index[lid])) {
        best_key[lid] = other_key;
        best_index[lid] = other_index;
      }
    }
    workgroupBarrier();
  }

  if (lid == 0u) {
    out[row] = best_index[0];
  }
}
