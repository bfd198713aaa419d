// matmul, naive (kernel 1): out = residual + act(A @ B + bias), one invocation per output.
//
// The readable baseline the other variants are checked and timed against. Invocation i of
// the flat (M, N) output computes out[i / N, i % N] as one dot product along K, every operand
// read straight from global memory: A's row is shared by the N invocations of a row (caches
// catch it), B's column is read once per row of A. Nothing is reused on chip, so it is bound
// by memory long before arithmetic. A workgroup covers {{workgroupSize}} consecutive outputs;
// the host launches ceil(M·N / {{workgroupSize}}) workgroups, folded as in copy.wgsl, and the
// tail of the last one returns at once. Loads and stores are scalar: bindings are f32 arrays.

const WG = {{workgroupSize}}u;

{{uniforms}}

{{bindings}}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = linear_workgroup_id(wid, nwg) * WG + lid;
  if (i >= u.M * u.N) {
    return;
  }
  let row = i / u.N;
  let col = i % u.N;
  var acc = 0.0;
  for (var k = 0u; k < u.K; k++) {
    acc += loadA(row, k) * loadB(k, col);
  }
  finish(row, col, acc);
}
