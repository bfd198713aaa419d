/**
 * A small helper for writing ONNX graphs by hand: it names nodes and their outputs, collects
 * small constants as initializers, and keeps the node list in the order nodes were added (which
 * is topological when every input exists before it is used, as ONNX requires).
 */

import { toHalfBits } from '../../scaling/half';
import {
  type AttributeProto,
  AttributeType,
  DataType,
  type DimensionProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './schema';

/** An integer attribute (axis, perm entries, to, transB …). */
export function intAttribute(name: string, value: number): AttributeProto {
  return { name, type: AttributeType.INT, i: value };
}

export function floatAttribute(name: string, value: number): AttributeProto {
  return { name, type: AttributeType.FLOAT, f: value };
}

export function intsAttribute(name: string, values: readonly number[]): AttributeProto {
  return { name, type: AttributeType.INTS, ints: [...values] };
}

/** A tensor input or output: element type and dimensions, numbers or symbolic names. */
export function tensorValueInfo(
  name: string,
  elemType: DataType,
  dims: readonly (number | string)[],
): ValueInfoProto {
  const dim = dims.map(
    (d): DimensionProto => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }),
  );
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/** Little-endian bytes of float32 values (raw_data must be little-endian, onnx.proto). */
function float32Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (const [i, v] of values.entries()) view.setFloat32(4 * i, v, true);
  return bytes;
}

/** What every scope of one graph shares: the nodes, the constants and the names in use. */
interface GraphState {
  /** The element type of floatScalar's constants: the type the graph computes in. */
  readonly floatType: typeof DataType.FLOAT | typeof DataType.FLOAT16;
  readonly nodes: NodeProto[];
  readonly constants: TensorProto[];
  readonly names: Set<string>;
}

/**
 * Adds nodes and constants to a graph under a name prefix: `g.scope('h.0').scope('attn')` names
 * its nodes `/h.0/attn/<name>`, as PyTorch's exporter names them after the module path.
 */
export class GraphBuilder {
  private readonly state: GraphState;
  private readonly prefix: string;

  constructor(
    state: GraphState = { floatType: DataType.FLOAT, nodes: [], constants: [], names: new Set() },
    prefix = '',
  ) {
    this.state = state;
    this.prefix = prefix;
  }

  /** A builder whose scalar constants (floatScalar) are f16: for a graph computing in f16. */
  static computingIn(floatType: typeof DataType.FLOAT | typeof DataType.FLOAT16): GraphBuilder {
    return new GraphBuilder({ floatType, nodes: [], constants: [], names: new Set() });
  }

  /** The element type the graph computes in. */
  get floatType(): typeof DataType.FLOAT | typeof DataType.FLOAT16 {
    return this.state.floatType;
  }

  /** Every node added so far, in order. */
  get nodes(): NodeProto[] {
    return this.state.nodes;
  }

  /** Small constants (shapes, scalars); weights are attached by the writer, not here. */
  get constants(): TensorProto[] {
    return this.state.constants;
  }

  /** The same graph, with `/${name}` added to the prefix. */
  scope(name: string): GraphBuilder {
    return new GraphBuilder(this.state, `${this.prefix}/${name}`);
  }

  /**
   * Adds a node and returns its outputs, named `<node name>_output_<i>` as PyTorch's exporter
   * names them, unless `outputs` gives the names (graph outputs such as `logits`).
   */
  nodeWithOutputs(
    opType: string,
    name: string,
    inputs: readonly string[],
    options: {
      attributes?: AttributeProto[];
      outputs?: readonly string[];
      outputCount?: number;
      /** An operator set other than ai.onnx, such as com.microsoft's contrib ops. */
      domain?: string;
    } = {},
  ): string[] {
    const nodeName = this.claim(name);
    const count = options.outputs?.length ?? options.outputCount ?? 1;
    const outputs = options.outputs
      ? [...options.outputs]
      : Array.from({ length: count }, (_, i) => `${nodeName}_output_${i}`);
    const node: NodeProto = { opType, name: nodeName, input: [...inputs], output: outputs };
    if (options.attributes && options.attributes.length > 0) node.attribute = options.attributes;
    if (options.domain) node.domain = options.domain;
    this.state.nodes.push(node);
    return outputs;
  }

  /** Adds a one-output node and returns the output's name (or `output`, if given). */
  node(
    opType: string,
    name: string,
    inputs: readonly string[],
    attributes: AttributeProto[] = [],
    output?: string,
  ): string {
    const outputs = output === undefined ? undefined : [output];
    return this.nodeWithOutputs(opType, name, inputs, { attributes, outputs })[0]!;
  }

  add(name: string, a: string, b: string): string {
    return this.node('Add', name, [a, b]);
  }

  mul(name: string, a: string, b: string): string {
    return this.node('Mul', name, [a, b]);
  }

  matmul(name: string, a: string, b: string): string {
    return this.node('MatMul', name, [a, b]);
  }

  transpose(name: string, x: string, perm: readonly number[]): string {
    return this.node('Transpose', name, [x], [intsAttribute('perm', perm)]);
  }

  concat(name: string, inputs: readonly string[], axis: number, output?: string): string {
    return this.node('Concat', name, inputs, [intAttribute('axis', axis)], output);
  }

  reshape(name: string, x: string, shape: string, output?: string): string {
    return this.node('Reshape', name, [x, shape], [], output);
  }

  /** An int64 constant; `dims` [] makes a scalar. Returns its name. */
  int64(
    name: string,
    values: readonly number[],
    dims: readonly number[] = [values.length],
  ): string {
    const fullName = this.claim(name);
    this.state.constants.push({
      name: fullName,
      dims: [...dims],
      dataType: DataType.INT64,
      int64Data: [...values],
    });
    return fullName;
  }

  /** A scalar constant in the type the graph computes in (f32 or f16). Returns its name. */
  floatScalar(name: string, value: number): string {
    if (this.state.floatType === DataType.FLOAT) return this.floats(name, [value], []);
    const fullName = this.claim(name);
    const bits = toHalfBits(new Float32Array([value]));
    this.state.constants.push({
      name: fullName,
      dims: [],
      dataType: DataType.FLOAT16,
      rawData: new Uint8Array(bits.buffer),
    });
    return fullName;
  }

  /** A float32 constant; `dims` [] makes a scalar. Returns its name. */
  floats(
    name: string,
    values: readonly number[],
    dims: readonly number[] = [values.length],
  ): string {
    const fullName = this.claim(name);
    this.state.constants.push({
      name: fullName,
      dims: [...dims],
      dataType: DataType.FLOAT,
      rawData: float32Bytes(values),
    });
    return fullName;
  }

  private claim(name: string): string {
    const fullName = `${this.prefix}/${name}`;
    if (this.state.names.has(fullName)) {
      throw new Error(`ONNX graph already has a node or constant named ${fullName}`);
    }
    this.state.names.add(fullName);
    return fullName;
  }
}
