// Causal self-attention for a prompt chunk (T > 1), FlashAttention-style (Dao et al. 2022,
// Algorithm 1; the key-split merge is Dao 2023's): softmax(q·kᵀ / √D)·v per head, with the
// query t at cache position P + t (P = positionOffset) seeing keys 0 … P + t only.
//
// One workgroup per (head, tile of QUERY_TILE queries). Its KEY_LANES·QUERY_TILE invocations
// give each query KEY_LANES lanes. Keys stream through workgroup memory in tiles of KEY_TILE
// rows of K and V (staged together by the whole workgroup); lane g of a query takes the tile's
// rows g, g + KEY_LANES, … . Each lane keeps an online softmax (Milakov & Gimelshein 2018):
// its running max m, running sum l and the unnormalised output acc = Σ exp(s − m)·v, all in
// registers, rescaled by exp(m_old − m_new) once per tile. No (T × T) score matrix exists
// anywhere. After the last tile the lanes of a query merge their (m, l, acc) one by one through
// workgroup memory, and lane 0 writes acc / l.
//
// Invocation lid is (lane = lid / QUERY_TILE, query = lid % QUERY_TILE): a SIMD group then
// holds one lane (or a few) of many queries, whose invocations read the same tile row at once —
// a broadcast, free of bank conflicts — where query-major order would read KEY_LANES rows that
// a row stride of 2^k bytes puts in one bank.
//
// Head dims: q and acc are arrays of HEAD_VECTORS vec4s (a compile-time capacity ≥ D/4, so the
// loops over them have constant bounds, unroll, and keep the arrays in registers). Lanes past
// D/4 hold zeros: q is zero there and the tiles are staged with zeros, so they add nothing and
// are never written out.
//
// Causality and bounds: the workgroup needs keys 0 … kv_len − 1, kv_len = P + (its last query)
// + 1 ≤ maxPositions. Tile rows at or past kv_len are never read from the cache — they hold
// zeros — and a key past a query's own position is skipped, neither scored nor accumulated, so
// whatever the cache holds beyond P + T − 1 cannot reach the output (not even a NaN).
//
// The scale 1/√D arrives multiplied by log2(e) and is folded into q once, so a score is a dot
// product and every exponential an exp2: softmax is unchanged, since 2^(x·log2 e) = e^x.
//
// Workgroup memory: 2·KEY_TILE·HEAD_VECTORS vec4s, which the host keeps within the spec's
// minimum maxComputeWorkgroupStorageSize of 16 KiB; the merge reuses the same array.

const QUERY_TILE = {{queryTile}}u;
const KEY_LANES = {{keyLanes}}u;
const KEY_TILE = {{keyTile}}u;
const HEAD_VECTORS = {{headVectors}}u;
const WORKGROUP = QUERY_TILE * KEY_LANES;
const KEYS_PER_LANE = KEY_TILE / KEY_LANES;
const TILE_VECTORS = KEY_TILE * HEAD_VECTORS;
// WGSL has no infinity: a finite floor stands for "no key yet". exp2 of it minus any real
// score is 0, and exp2(0) = 1 keeps an empty lane's (l = 0, acc = 0) as it is.
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

// K rows at [0, TILE_VECTORS), V rows at [TILE_VECTORS, 2·TILE_VECTORS), HEAD_VECTORS per row.
var<workgroup> tile: array<vec4<f32>, 2u * TILE_VECTORS>;

@compute @workgroup_size(WORKGROUP)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let query_tiles = (u.tokens + QUERY_TILE - 1u) / QUERY_TILE;
  let linear = linear_workgroup_id(wid, nwg);
  if (linear >= query_tiles * u.heads) {
    return;
  }
  // The last query tiles see the most keys: launch them first, so the long workgroups start
  // early and the short ones fill in behind them.
  let head = linear % u.heads;
  let query_tile = query_tiles - 1u - linear / u.heads;

  let slot = lid % QUERY_TILE;
  let lane = lid / QUERY_TILE;
  let width = u.heads * u.headVectors; // C / 4
  let first_t = query_tile * QUERY_TILE;
  let t = first_t + slot;
  // Invocations past the last token still stage tiles; they compute for the last token and
  // write nothing.
  let in_range = t < u.tokens;
  let t_in = min(t, u.tokens - 1u);
  let query_position = step.positionOffset + t_in;
  let kv_len = step.positionOffset + min(first_t + QUERY_TILE, u.tokens);

  var q: array<vec4<f32>, HEAD_VECTORS>;
  var acc: array<vec4<f32>, HEAD_VECTORS>;
  for (var d = 0u; d < HEAD_VECTORS; d++) {
    if (d < u.headVectors) {
      q[d] = qkv[t_in * 3u * width + head * u.headVectors + d] * u.scale;
    }
  }
  var m = NO_SCORE;
  var l = 0.0;

  let head_rows = head * u.maxPositions;
  let tiles = (kv_len + KEY_TILE - 1u) / KEY_TILE;
  for (var tile_index = 0u; tile_index < tiles; tile_index++) {
    let start = tile_index * KEY_TILE;
    for (var e = lid; e < TILE_VECTORS; e += WORKGROUP) {
      let r = e / HEAD_VECTORS;
      let d = e % HEAD_VECTORS;
      var k = vec4<f32>(0.0);
      var v = vec4<f32>(0.0);
      if (start + r < kv_len && d < u.headVectors) {
        let at = (head_rows + start + r) * u.headVectors + d;
        k = key_cache[at];
        v = value_cache[at];
      }
      tile[e] = k;
      tile[TILE_VECTORS + e] = v;
    }
    workgroupBarrier();

    var scores: array<f32, KEYS_PER_LANE>;
    var tile_max = NO_SCORE;
    for (var i = 0u; i < KEYS_PER_LANE; i++) {
      let r = i * KEY_LANES + lane;
      var score = NO_SCORE;
      if (start + r <= query_position) {
        var dot4 = vec4<f32>(0.0);
        for (var d = 0u; d < HEAD_VECTORS; d++) {
          dot4 += q[d] * tile[r * HEAD_VECTORS + d];
        }
        score = dot4.x + dot4.y + dot4.z + dot4.w;
      }
      scores[i] = score;
      tile_max = max(tile_max, score);
    }
    let m_new = max(m, tile_max);
    let rescale = exp2(m - m_new);
    l *= rescale;
    for (var d = 0u; d < HEAD_VECTORS; d++) {
      acc[d] *= rescale;
    }
    for (var i = 0u; i < KEYS_PER_LANE; i++) {
      let r = i * KEY_LANES + lane;
      if (start + r <= query_position) {
        let p = exp2(scores[i] - m_new);
        l += p;
        for (var d = 0u; d < HEAD_VECTORS; d++) {
          acc[d] += p * tile[TILE_VECTORS + r * HEAD_VECTORS + d];
        }
      }
    }
    m = m_new;
    workgroupBarrier();
  }

  // Lane by lane, fold lanes 1 … KEY_LANES − 1 into lane 0: per query a vec4 (m, l) and then
  // the acc row, HEAD_VECTORS + 1 vec4s, inside the tile array (the host checks they fit).
  let merge_at = slot * (HEAD_VECTORS + 1u);
  for (var sender = 1u; sender < KEY_LANES; sender++) {
    if (lane == sender) {
      tile[merge_at] = vec4<f32>(m, l, 0.0, 0.0);
      for (var d = 0u; d < HEAD_VECTORS; d++) {
        tile[merge_at + 1u + d] = acc[d];
      }
    }
    workgroupBarrier();
    if (lane == 0u) {
      let other = tile[merge_at];
      let m_new = max(m, other.x);
      let mine = exp2(m - m_new);
      let theirs = exp2(other.x - m_new);
      l = l * mine + other.y * theirs;
      for (var d = 0u; d < HEAD_VECTORS; d++) {
        acc[d] = acc[d] * mine + tile[merge_at + 1u + d] * theirs;
      }
      m = m_new;
    }
    workgroupBarrier();
  }

  // Key 0 is lane 0's first key and every query sees it, so l ≥ 1 here: no division by zero.
  if (lane == 0u && in_range) {
    let out_row = t * width + head * u.headVectors;
    let inv_l = 1.0 / l;
    for (var d = 0u; d < HEAD_VECTORS; d++) {
      if (d < u.headVectors) {
        y[out_row + d] = acc[d] * inv_l;
      }
    }
  }
}
