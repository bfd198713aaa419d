/**
 * The part of the ONNX protobuf schema that a transformer decoder needs, declared through
 * protobufjs reflection (protobufjs does the wire encoding; nothing here writes a varint).
 *
 * Field numbers follow the ONNX IR spec's onnx.proto (github.com/onnx/onnx, onnx/onnx.proto;
 * docs/IR.md). That file is proto2, and a protobufjs Root defaults to proto2 too: a field set
 * on an object is written even when it holds its default value, repeated numbers are written
 * unpacked except where onnx.proto asks for [packed = true]. Field names are camelCased here,
 * which changes nothing on the wire.
 */
import protobuf from 'protobufjs';

/** TensorProto.DataType (onnx.proto); only the types this project writes or reads. */
export const DataType = Object.freeze({
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  BFLOAT16: 16,
} as const);
export type DataType = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType (onnx.proto): which value field of an attribute is set. */
export const AttributeType = Object.freeze({
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
} as const);
export type AttributeType = (typeof AttributeType)[keyof typeof AttributeType];

/** TensorProto.DataLocation (onnx.proto): in raw_data, or in a file named by external_data. */
export const DataLocation = Object.freeze({ DEFAULT: 0, EXTERNAL: 1 } as const);
export type DataLocation = (typeof DataLocation)[keyof typeof DataLocation];

export interface StringStringEntryProto {
  key: string;
  value: string;
}

export interface OperatorSetIdProto {
  /** '' is the default ONNX domain (ai.onnx). */
  domain: string;
  version: number;
}

export interface TensorProto {
  dims: number[];
  dataType: DataType;
  name: string;
  /** Little-endian element bytes (onnx.proto, raw_data). */
  rawData?: Uint8Array;
  int64Data?: number[];
  floatData?: number[];
  /** `location`, `offset`, `length` (offset and length as decimal strings) when external. */
  externalData?: StringStringEntryProto[];
  dataLocation?: DataLocation;
  docString?: string;
}

export interface AttributeProto {
  name: string;
  type: AttributeType;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: number[];
}

/** A dimension is a number or a symbolic name (onnx.proto's `oneof value`): set exactly one. */
export interface DimensionProto {
  dimValue?: number;
  dimParam?: string;
}

export interface TypeProto {
  tensorType: { elemType: DataType; shape: { dim: DimensionProto[] } };
}

export interface ValueInfoProto {
  name: string;
  type: TypeProto;
  docString?: string;
}

export interface NodeProto {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain?: string;
  attribute?: AttributeProto[];
  docString?: string;
}

export interface GraphProto {
  node: NodeProto[];
  name: string;
  initializer: TensorProto[];
  docString?: string;
  input: ValueInfoProto[];
  output: ValueInfoProto[];
}

export interface ModelProto {
  irVersion: number;
  opsetImport: OperatorSetIdProto[];
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  graph: GraphProto;
  metadataProps?: StringStringEntryProto[];
}

type FieldRow = readonly [name: string, id: number, type: string, rule?: 'repeated' | 'packed'];

/** Message name → its fields as (name, field number, type, rule), from onnx.proto. */
const MESSAGES = {
  StringStringEntryProto: [
    ['key', 1, 'string'],
    ['value', 2, 'string'],
  ],
  OperatorSetIdProto: [
    ['domain', 1, 'string'],
    ['version', 2, 'int64'],
  ],
  TensorProto: [
    ['dims', 1, 'int64', 'repeated'],
    ['dataType', 2, 'int32'],
    ['floatData', 4, 'float', 'packed'],
    ['int32Data', 5, 'int32', 'packed'],
    ['int64Data', 7, 'int64', 'packed'],
    ['name', 8, 'string'],
    ['rawData', 9, 'bytes'],
    ['docString', 12, 'string'],
    ['externalData', 13, 'StringStringEntryProto', 'repeated'],
    ['dataLocation', 14, 'int32'],
  ],
  AttributeProto: [
    ['name', 1, 'string'],
    ['f', 2, 'float'],
    ['i', 3, 'int64'],
    ['s', 4, 'bytes'],
    ['t', 5, 'TensorProto'],
    ['floats', 7, 'float', 'repeated'],
    ['ints', 8, 'int64', 'repeated'],
    ['docString', 13, 'string'],
    ['type', 20, 'int32'],
  ],
  Dimension: [
    ['dimValue', 1, 'int64'],
    ['dimParam', 2, 'string'],
  ],
  TensorShapeProto: [['dim', 1, 'Dimension', 'repeated']],
  TensorTypeProto: [
    ['elemType', 1, 'int32'],
    ['shape', 2, 'TensorShapeProto'],
  ],
  TypeProto: [['tensorType', 1, 'TensorTypeProto']],
  ValueInfoProto: [
    ['name', 1, 'string'],
    ['type', 2, 'TypeProto'],
    ['docString', 3, 'string'],
  ],
  NodeProto: [
    ['input', 1, 'string', 'repeated'],
    ['output', 2, 'string', 'repeated'],
    ['name', 3, 'string'],
    ['opType', 4, 'string'],
    ['attribute', 5, 'AttributeProto', 'repeated'],
    ['docString', 6, 'string'],
    ['domain', 7, 'string'],
  ],
  GraphProto: [
    ['node', 1, 'NodeProto', 'repeated'],
    ['name', 2, 'string'],
    ['initializer', 5, 'TensorProto', 'repeated'],
    ['docString', 10, 'string'],
    ['input', 11, 'ValueInfoProto', 'repeated'],
    ['output', 12, 'ValueInfoProto', 'repeated'],
  ],
  ModelProto: [
    ['irVersion', 1, 'int64'],
    ['producerName', 2, 'string'],
    ['producerVersion', 3, 'string'],
    ['docString', 6, 'string'],
    ['graph', 7, 'GraphProto'],
    ['opsetImport', 8, 'OperatorSetIdProto', 'repeated'],
    ['metadataProps', 14, 'StringStringEntryProto', 'repeated'],
  ],
} as const satisfies Record<string, readonly FieldRow[]>;

type MessageName = keyof typeof MESSAGES;

/**
 * onnx.proto nests Dimension in TensorShapeProto and Tensor in TypeProto; nesting changes only
 * the type's name, never the wire format, so they are flat here.
 */
function buildRoot(): protobuf.Root {
  const root = new protobuf.Root();
  const onnx = root.define('onnx');
  for (const [messageName, fields] of Object.entries<readonly FieldRow[]>(MESSAGES)) {
    const type = new protobuf.Type(messageName);
    for (const [name, id, fieldType, rule] of fields) {
      const options = rule === 'packed' ? { packed: true } : undefined;
      type.add(
        new protobuf.Field(
          name,
          id,
          fieldType,
          rule === undefined ? undefined : 'repeated',
          undefined,
          options,
        ),
      );
    }
    onnx.add(type);
  }
  root.resolveAll();
  return root;
}

let cachedRoot: protobuf.Root | undefined;

/** The protobufjs type of one ONNX message; the schema is built on first use, not at import. */
export function onnxType(name: MessageName): protobuf.Type {
  cachedRoot ??= buildRoot();
  return cachedRoot.lookupType(`onnx.${name}`);
}

/** Serialises a model. Large `rawData` arrays are copied once, into the returned bytes. */
export function encodeModel(model: ModelProto): Uint8Array {
  return onnxType('ModelProto').encode(model).finish();
}

/**
 * Parses a model. `rawData` fields come back as views into `bytes`, not copies (protobufjs
 * Reader.bytes returns a subarray), so writing through them writes into `bytes`.
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const type = onnxType('ModelProto');
  // toObject turns int64 Long objects into numbers and fills absent repeated fields with [];
  // the result has exactly the shape declared above, which protobufjs cannot type for us.
  return type.toObject(type.decode(bytes), { longs: Number, arrays: true }) as ModelProto;
}
