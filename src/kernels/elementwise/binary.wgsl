// Binary elementwise ops on two tensors of one shape: out[i] = op(a[i], b[i]).
//
// The residual add of every transformer block is `add`. Grid and bounds as in copy.wgsl.

alias V = {{vector}};

{{uniforms}}

@group(0) @binding(0) var<storage, read> a: array<V>;
@group(0) @binding(1) var<storage, read> b: array<V>;
@group(0) @binding(2) var<storage, read_write> out: array<V>;
@group(0) @binding(3) var<uniform> u: Uniforms;

fn add(x: V, y: V) -> V {
  return x + y;
}

fn mul(x: V, y: V) -> V {
  return x * y;
}

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
  out[i] = {{op}}(a[i], b[i]);
}
