import type { StepValues } from './step';
import type { GpuTensor, TensorSpec } from './tensor';
import type { UniformFields, UniformLayout, UniformValues } from './uniforms';

/**
 * A kernel as data: what to compile and how to call it. The runner (runner.ts) compiles,
 * caches, binds and dispatches; a kernel never touches the queue.
 *
 * Binding convention, group 0: the inputs at bindings 0…i−1 (read-only storage), the
 * outputs at i…i+o−1 (read-write storage), then the uniform struct when it has fields, then
 * the step struct (./step.ts) when the program reads it.
 */
export interface Program<F extends UniformFields = UniformFields> {
  /** Shown in labels, errors and timings: `"copy"`, `"elementwise.add"`. */
  readonly name: string;
  /**
   * Identifies the compiled pipeline. It holds ONLY what is fixed when the shader compiles —
   * element type, vector width, workgroup size, the op — never a shape. Shapes travel in
   * uniforms, so one pipeline serves every model size; a shape in the key would compile a
   * pipeline per model and defeat the cache.
   */
  readonly cacheKey: string;
  /**
   * Builds the complete WGSL, uniform struct included (see `bakeWgsl`). A function, so that
   * making a program costs its cache key only: the runner calls it on a pipeline-cache miss.
   */
  readonly wgsl: () => string;
  readonly uniforms: UniformLayout<F>;
  readonly inputs: number;
  readonly outputs: number;
  /** Device features the WGSL needs (`shader-f16` for `enable f16;`); the runner checks them. */
  readonly features?: readonly GPUFeatureName[];
  /**
   * Reads the step struct (STEP_UNIFORMS, as `step`) after its uniforms: values that change
   * every step (the position) and so are not baked into a step plan's per-dispatch uniforms.
   */
  readonly readsStep?: boolean;
}

/** One call of a program: built by a kernel's function from its inputs. */
export interface KernelCall<F extends UniformFields = UniformFields> {
  readonly program: Program<F>;
  readonly inputs: readonly GpuTensor[];
  readonly outputs: readonly TensorSpec[];
  readonly uniforms: UniformValues<F>;
  /** The step values, when the program reads them (a step plan binds its own instead). */
  readonly step?: StepValues;
  /** Workgroups to launch, as one linear count; the runner folds it to the device's limit. */
  readonly workgroups: number;
}

/**
 * Folds a linear workgroup count into (x, y, z) within `maxPerDimension`. A shader recovers
 * its linear index with `linear_workgroup_id` (the prelude) and bounds-checks the tail.
 */
export function foldWorkgroups(count: number, maxPerDimension: number): [number, number, number] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`bad workgroup count ${count}`);
  if (count <= maxPerDimension) return [count, 1, 1];
  const x = maxPerDimension;
  const rows = Math.ceil(count / x);
  if (rows <= maxPerDimension) return [x, rows, 1];
  const y = maxPerDimension;
  const z = Math.ceil(count / (x * y));
  if (z > maxPerDimension) {
    throw new RangeError(`${count} workgroups exceed ${maxPerDimension}³ on this device`);
  }
  return [x, y, z];
}

/** Shared WGSL every program gets: the linear workgroup index that matches `foldWorkgroups`. */
const PRELUDE = `fn linear_workgroup_id(wid: vec3u, nwg: vec3u) -> u32 {
  return wid.x + wid.y * nwg.x + wid.z * nwg.x * nwg.y;
}`;

/**
 * Turns a `.wgsl` template into a shader: `{{uniforms}}` becomes the derived struct, and each
 * `{{name}}` a compile-time constant (workgroup size, vector type, …). A placeholder without
 * a value, or a value without a placeholder, is an error: both mean the template and its
 * program disagree. `enables` become `enable …;` directives, which WGSL wants first.
 */
export function bakeWgsl(
  template: string,
  uniforms: UniformLayout,
  constants: Readonly<Record<string, string | number>> = {},
  enables: readonly string[] = [],
): string {
  const values: Record<string, string> = { uniforms: uniforms.wgsl };
  for (const [name, value] of Object.entries(constants)) values[name] = String(value);
  const used = new Set<string>();
  const body = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`WGSL placeholder {{${name}}} has no value`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(constants).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`WGSL template has no {{${unused.join('}}, {{')}}}`);
  const directives = enables.map((name) => `enable ${name};\n`).join('');
  return `${directives}${PRELUDE}\n\n${body}`;
}
