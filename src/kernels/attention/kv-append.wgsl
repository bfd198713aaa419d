// kvAppend: writes the k and v of T new tokens into one layer's KV cache.
//
// qkv is c_attn's output, (T, 3C) row-major, each row [q | k | v] with C = H·D and head h in
// columns h·D … h·D + D − 1 of its part. The caches are (H, maxPositions, D): one head's
// positions are contiguous rows, so attention reads a head's keys as one block. Token t goes to
// position positionOffset + t; every other position is left as it was.
//
// One invocation moves one vec4 of k and the vec4 of v at the same place: D is a multiple of 4,
// so a vec4 never straddles two heads. Invocations run over (t, h, d4) in that order, so a
// workgroup reads consecutive addresses of qkv and writes runs of D/4 vec4s into each head.
// The host refuses positionOffset + T > maxPositions, so every write lands inside the cache.

{{uniforms}}

// The position of token 0, which changes every step (src/gpu/step.ts).
{{step}}

@group(0) @binding(0) var<storage, read> qkv: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> key_cache: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> value_cache: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> u: Uniforms;
@group(0) @binding(4) var<uniform> step: Step;

@compute @workgroup_size({{workgroupSize}})
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = linear_workgroup_id(wid, nwg) * {{workgroupSize}}u + lid;
  let width = u.heads * u.headVectors; // C / 4
  if (i >= u.tokens * width) {
    return;
  }
  let t = i / width;
  let column = i % width;
  let h = column / u.headVectors;
  let d = column % u.headVectors;
  let row = t * 3u * width;
  let at = (h * u.maxPositions + step.positionOffset + t) * u.headVectors + d;
  key_cache[at] = qkv[row + width + column];
  value_cache[at] = qkv[row + 2u * width + column];
}
