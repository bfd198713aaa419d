// matmul, matvec (kernel 3): out = residual + act(a @ B + bias) for one row of A at a time —
// the decode step, where M = 1 and every weight is read once for a single use.
//
// Nothing is reused, so the kernel is a stream over B, and what counts is keeping enough
// coalesced loads in flight. A workgroup of WG invocations owns `groups` = WG / u.split groups
// of four consecutive outputs, out[row, n … n+3]. The u.split invocations of a group split K
// between them: invocation `slice` adds up k = 4·slice, 4·(slice + split), … four at a time,
// each step one 4×4 block of B times four elements of a (loadB4x4: four vec4 loads). After one
// barrier the first invocation of each group adds the group's partial sums from shared memory
// and runs the epilogue.
//
// The split is a uniform, not a constant, so one pipeline serves every shape: the host picks
// it so that a narrow output still spreads over enough invocations to keep memory busy (a
// 768-wide output is only 192 groups) and a wide one (the LM head's 50257) keeps each
// group's loop long. The partial sums are added serially, not in a tree: one barrier instead
// of 1 + log2(split), which on SwiftShader (where a barrier suspends every invocation) was
// about twice as fast, and on a GPU costs about the same at these splits (a few dozen
// shared-memory loads, issued back to back, against log2(split) barriers).
//
// Which index of the invocation varies fastest follows B's stored rows, so that neighbouring
// invocations read neighbouring vec4 of one row:
// - B stored (K, N): the group varies fastest; a row of B is read `groups` vec4 wide.
// - B stored (N, K) (the LM head, out[n] = a · wte[n]): the slice varies fastest; each of the
//   four rows of wte a group owns is read `split` vec4 wide.
//
// Rows of A past the first are further sets of workgroups (the host launches
// M · ceil(N / (4·groups))), so the variant also serves small M. Bounds: loads past N or K
// are zeros and finish4 drops stores past N (access.wgsl). Surplus workgroups of a folded
// grid return before the barrier (the test is uniform across the workgroup).

const WG = {{workgroupSize}}u;

{{uniforms}}

{{bindings}}

var<workgroup> partial: array<vec4f, WG>;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let split = u.split;
  let groups = WG / split;
  let blocksPerRow = (u.N + 4u * groups - 1u) / (4u * groups);
  let block = linear_workgroup_id(wid, nwg);
  if (block >= u.M * blocksPerRow) {
    return;
  }
  let row = block / blocksPerRow;

  var group = lid % groups;
  var slice = lid / groups;
  if (TRANSPOSE_B) {
    group = lid / split;
    slice = lid % split;
  }
  let col = ((block % blocksPerRow) * groups + group) * 4u;

  var acc = vec4f(0.0);
  for (var k = 4u * slice; k < u.K; k += 4u * split) {
    acc += loadB4x4(k, col) * loadA4(row, k);
  }
  partial[slice * groups + group] = acc;
  workgroupBarrier();

  if (slice == 0u) {
    for (var s = 1u; s < split; s++) {
      acc += partial[s * groups + group];
    }
    finish4(row, col, acc);
  }
}
