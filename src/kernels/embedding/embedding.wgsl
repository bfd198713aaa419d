// GPT-2's input embedding: out[t, c] = wte[ids[t], c] + wpe[positionOffset + t, c].
//
// A gather plus an add, so it is a flat grid like copy.wgsl: one invocation per output
// element of type V (vec4<f32> when C is a multiple of four, f32 otherwise), {{workgroupSize}}
// per workgroup, folded past the per-dimension limit. Consecutive invocations read
// consecutive columns of one table row, so the loads coalesce.
//
// `positionOffset` is not a shape: during decoding it is the KV cache's length, and it changes
// every step while the pipeline stays the same. It lives in the step struct (src/gpu/step.ts),
// which a step plan writes once per step for every dispatch that reads it.
//
// Bounds: the token ids come from the GPU (a previous argmax) or the user, and nothing on the
// host can check them before the dispatch. An id ≥ vocab reads no table row and contributes
// a zero vector, as does a position ≥ positions (the host checks positions too): the output
// is then wpe's row alone (or wte's), never a read outside the tables.

alias V = {{vector}};

{{uniforms}}

{{step}}

@group(0) @binding(0) var<storage, read> ids: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<V>;
@group(0) @binding(4) var<uniform> u: Uniforms;
@group(0) @binding(5) var<uniform> step: Step;

// The tables at bindings 1 and 2, f32 or f16 (../storage.ts), and wte_v(j) / wpe_v(j): their
// vector j as V, in f32.
{{tables}}

@compute @workgroup_size({{workgroupSize}})
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = linear_workgroup_id(wid, nwg) * {{workgroupSize}}u + lid;
  if (i >= u.count) {
    return;
  }
  let t = i / u.width;
  let c = i - t * u.width;

  let id = ids[t];
  var token = V(0.0);
  if (id < u.vocab) {
    token = wte_v(id * u.width + c);
  }
  let position = step.positionOffset + t;
  var place = V(0.0);
  if (position < u.positions) {
    place = wpe_v(position * u.width + c);
  }
  out[i] = token + place;
}
