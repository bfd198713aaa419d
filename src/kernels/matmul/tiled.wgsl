// matmul, tiled (kernel 2): out = residual + act(A @ B + bias) through workgroup-shared tiles.
//
// A workgroup of WG_X × WG_Y invocations owns a TILE_M × TILE_N block of the output, TILE_M =
// WG_Y·ROWS and TILE_N = WG_X·4. Invocation (x, y) owns a register block of ROWS × 4 outputs:
// rows y, y + WG_Y, … (strided, so neighbouring invocations read neighbouring rows of the A
// tile and hit different banks) and the four consecutive columns 4x … 4x+3 (one vec4, so the
// epilogue stores whole vectors, coalesced across x).
//
// K is walked TILE_K at a time. Each step the workgroup copies the A tile (TILE_M × TILE_K, as
// vec4 along K) and the B tile (TILE_K × TILE_N, as vec4 along N) from global memory into
// shared memory, every invocation moving a share of both; then each invocation reads, per
// four k, one vec4 of A per row and four vec4 of B, and does ROWS·16 multiply-adds — every
// element loaded from global memory is reused TILE_N (A) or TILE_M (B) times from shared
// memory. B is loaded in 4×4 blocks (loadB4x4), so a transposed B lands in the same shared
// layout as a plain one and the inner loop is one for both; the block order follows the
// stored rows, so consecutive invocations read consecutive vec4 of one row either way.
//
// Bounds: loads past M, N or K return zero (access.wgsl), so partial tiles need no special
// case, and finish4 drops stores outside the output. The host launches
// ceil(M / TILE_M) · ceil(N / TILE_N) workgroups, column tiles fastest; surplus workgroups of
// a folded grid return before the first barrier (the test is uniform across the workgroup).

const WG_X = {{workgroupX}}u;
const WG_Y = {{workgroupY}}u;
const WG = WG_X * WG_Y;
const ROWS = {{rowsPerThread}}u;
const TILE_M = WG_Y * ROWS;
const TILE_N = WG_X * 4u;
const TILE_K = {{tileK}}u;
const K4 = TILE_K / 4u;
// One spare vec4 per row of the A tile: rows TILE_K floats apart would fall in one bank.
const A_STRIDE = K4 + 1u;

{{uniforms}}

{{bindings}}

var<workgroup> tileA: array<vec4f, TILE_M * A_STRIDE>;
// TILE_K rows of WG_X vec4: row k holds B[k0 + k, col0 … col0 + TILE_N).
var<workgroup> tileB: array<vec4f, TILE_K * WG_X>;

@compute @workgroup_size(WG_X, WG_Y)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_id) local: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let tilesN = (u.N + TILE_N - 1u) / TILE_N;
  let tilesM = (u.M + TILE_M - 1u) / TILE_M;
  let tile = linear_workgroup_id(wid, nwg);
  if (tile >= tilesM * tilesN) {
    return;
  }
  let row0 = (tile / tilesN) * TILE_M;
  let col0 = (tile % tilesN) * TILE_N;

  var acc: array<vec4f, ROWS>;
  for (var k0 = 0u; k0 < u.K; k0 += TILE_K) {
    for (var j = lid; j < TILE_M * K4; j += WG) {
      let r = j / K4;
      let c = j % K4;
      tileA[r * A_STRIDE + c] = loadA4(row0 + r, k0 + 4u * c);
    }
    for (var j = lid; j < K4 * WG_X; j += WG) {
      // Block (kb, nb) of the tile; the index that varies fastest runs along B's stored rows.
      var kb = j / WG_X;
      var nb = j % WG_X;
      if (TRANSPOSE_B) {
        kb = j % K4;
        nb = j / K4;
      }
      let block = loadB4x4(k0 + 4u * kb, col0 + 4u * nb);
      for (var q = 0u; q < 4u; q++) {
        tileB[(4u * kb + q) * WG_X + nb] = block[q];
      }
    }
    workgroupBarrier();

    for (var c = 0u; c < K4; c++) {
      let b = mat4x4f(
        tileB[(4u * c) * WG_X + local.x],
        tileB[(4u * c + 1u) * WG_X + local.x],
        tileB[(4u * c + 2u) * WG_X + local.x],
        tileB[(4u * c + 3u) * WG_X + local.x],
      );
      for (var r = 0u; r < ROWS; r++) {
        acc[r] += b * tileA[(local.y + r * WG_Y) * A_STRIDE + c];
      }
    }
    // The next step overwrites the tiles: wait until everyone has read them.
    workgroupBarrier();
  }

  for (var r = 0u; r < ROWS; r++) {
    finish4(row0 + local.y + r * WG_Y, col0 + 4u * local.x, acc[r]);
  }
}
