/**
 * Uniform structs from one description: the WGSL declaration and the packing code are both
 * derived from the same field list, so an offset is never computed by hand.
 *
 * Layout rules are WGSL's (spec §14.4 "Memory Layout"): scalars align to 4; vec2 to 8;
 * vec3 and vec4 to 16; a struct's size rounds up to its largest alignment, and a uniform
 * buffer binding to 16.
 */

export type UniformType = 'u32' | 'i32' | 'f32' | 'vec2u' | 'vec4u' | 'vec2f' | 'vec4f';
export type UniformFields = Readonly<Record<string, UniformType>>;

type ValueOf<T extends UniformType> = T extends 'u32' | 'i32' | 'f32' ? number : readonly number[];
export type UniformValues<F extends UniformFields> = { readonly [K in keyof F]: ValueOf<F[K]> };

interface FieldLayout {
  readonly name: string;
  readonly type: UniformType;
  readonly offset: number;
}

export interface UniformLayout<F extends UniformFields = UniformFields> {
  readonly fields: readonly FieldLayout[];
  /** Bytes of the buffer that holds one instance, a multiple of 16. */
  readonly byteSize: number;
  /** `struct <name> { ... }` for the shader. Empty when there are no fields. */
  readonly wgsl: string;
  pack(values: UniformValues<F>): ArrayBuffer;
}

const SHAPE: Readonly<Record<UniformType, { lanes: number; align: number; scalar: string }>> = {
  u32: { lanes: 1, align: 4, scalar: 'u32' },
  i32: { lanes: 1, align: 4, scalar: 'i32' },
  f32: { lanes: 1, align: 4, scalar: 'f32' },
  vec2u: { lanes: 2, align: 8, scalar: 'u32' },
  vec4u: { lanes: 4, align: 16, scalar: 'u32' },
  vec2f: { lanes: 2, align: 8, scalar: 'f32' },
  vec4f: { lanes: 4, align: 16, scalar: 'f32' },
};

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

export function defineUniforms<F extends UniformFields>(
  fields: F,
  structName = 'Uniforms',
): UniformLayout<F> {
  const layout: FieldLayout[] = [];
  let end = 0;
  let structAlign = 4;
  for (const [name, type] of Object.entries(fields)) {
    const { lanes, align } = SHAPE[type];
    const offset = roundUp(end, align);
    layout.push({ name, type, offset });
    end = offset + lanes * 4;
    structAlign = Math.max(structAlign, align);
  }
  const byteSize = layout.length === 0 ? 0 : roundUp(roundUp(end, structAlign), 16);
  const wgsl =
    layout.length === 0
      ? ''
      : `struct ${structName} {\n${layout.map((f) => `  ${f.name}: ${f.type},`).join('\n')}\n}`;

  return {
    fields: layout,
    byteSize,
    wgsl,
    pack(values) {
      const buffer = new ArrayBuffer(byteSize);
      const view = new DataView(buffer);
      for (const { name, type, offset } of layout) {
        const value = values[name as keyof F] as number | readonly number[] | undefined;
        const lanes = typeof value === 'number' ? [value] : value;
        if (lanes === undefined || lanes.length !== SHAPE[type].lanes) {
          throw new Error(`uniform "${name}" (${type}) needs ${SHAPE[type].lanes} value(s)`);
        }
        for (const [i, lane] of lanes.entries()) {
          writeLane(view, offset + i * 4, SHAPE[type].scalar, name, lane);
        }
      }
      return buffer;
    },
  };
}

function writeLane(view: DataView, at: number, scalar: string, name: string, value: number) {
  if (scalar === 'f32') {
    view.setFloat32(at, value, true);
    return;
  }
  const [lo, hi] = scalar === 'u32' ? [0, 2 ** 32 - 1] : [-(2 ** 31), 2 ** 31 - 1];
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`uniform "${name}" = ${value} is not a ${scalar}`);
  }
  if (scalar === 'u32') view.setUint32(at, value, true);
  else view.setInt32(at, value, true);
}
