// copy: dst[i] = src[i] — the simplest kernel, and the probe for memory bandwidth.
//
// Each invocation moves one element of type V: vec4<f32> when the length is a multiple of
// four (16-byte loads and stores, what the memory system is best at), f32 otherwise. A
// workgroup covers {{workgroupSize}} consecutive elements; the host launches
// ceil(count / {{workgroupSize}}) workgroups, folded into up to three dimensions when that
// exceeds the per-dimension limit, and linear_workgroup_id undoes the fold. The last
// workgroup can run past `count`, so every invocation checks its bound first.

alias V = {{vector}};

{{uniforms}}

@group(0) @binding(0) var<storage, read> src: array<V>;
@group(0) @binding(1) var<storage, read_write> dst: array<V>;
@group(0) @binding(2) var<uniform> u: Uniforms;

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
  dst[i] = src[i];
}
