// Unary elementwise ops: out[i] = op(x[i]).
//
// Same grid as copy: one V (vec4<f32> or f32) per invocation, {{workgroupSize}} per
// workgroup, a bounds check for the tail. The op is chosen when the shader compiles; each
// is written once over the alias V, so the scalar and vector shaders share one definition.

alias V = {{vector}};

{{uniforms}}

@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read_write> out: array<V>;
@group(0) @binding(2) var<uniform> u: Uniforms;

// GELU, tanh form, as GPT-2 uses it (Hendrycks & Gimpel 2016, eq. in §2):
// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
// tanh is clamped to ±15, where it is ±1 in f32 already: some drivers compute tanh through
// exp and return NaN for large arguments (logits of ±100 would otherwise break it).
fn gelu(v: V) -> V {
  let inner = 0.7978845608028654 * (v + 0.044715 * v * v * v);
  return 0.5 * v * (1.0 + tanh(clamp(inner, V(-15.0), V(15.0))));
}

fn relu(v: V) -> V {
  return max(v, V(0.0));
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
  out[i] = {{op}}(x[i]);
}
