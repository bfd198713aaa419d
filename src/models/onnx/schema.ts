/**
 * The part of the ONNX protobuf schema that a transformer decoder needs, as a table of field
 * numbers, and an encoder and decoder that walk that table with protobufjs/minimal's Writer and
 * Reader (protobufjs writes the varints, floats and length prefixes).
 *
 * Not protobufjs reflection: a reflected Type compiles its encoder with `Function()`, which a
 * page under a Content-Security-Policy without 'unsafe-eval' refuses (an EvalError), and
 * paramscope must run on such pages (docs/embedding.md). protobufjs/minimal generates no code.
 * The walk writes what reflection's generated encoder writes, byte for byte
 * (schema.test.ts compares the two on a whole model).
 *
 * Field numbers follow the ONNX IR spec's onnx.proto (github.com/onnx/onnx, onnx/onnx.proto;
 * docs/IR.md). That file is proto2, and a protobufjs Root defaults to proto2 too: a field set
 * on an object is written even when it holds its default value, repeated numbers are written
 * unpacked except where onnx.proto asks for [packed = true]. Field names are camelCased here,
 * which changes nothing on the wire.
 */
import protobuf from 'protobufjs/minimal';

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

export type MessageName = keyof typeof MESSAGES;

/** How each scalar type of the table is written and read (protobuf encoding spec, wire types). */
const SCALARS = {
  int32: { wire: 0, packable: true, write: (w, v) => w.int32(v as number), read: (r) => r.int32() },
  int64: {
    wire: 0,
    packable: true,
    write: (w, v) => w.int64(v as number),
    // A Long where protobufjs found long.js, a number otherwise: a number either way.
    read: (r) => protobuf.util.LongBits.from(r.int64()).toNumber(),
  },
  float: { wire: 5, packable: true, write: (w, v) => w.float(v as number), read: (r) => r.float() },
  string: {
    wire: 2,
    packable: false,
    write: (w, v) => w.string(v as string),
    read: (r) => r.string(),
  },
  // A view into the bytes being read, not a copy (Reader.bytes returns a subarray).
  bytes: {
    wire: 2,
    packable: false,
    write: (w, v) => w.bytes(v as Uint8Array),
    read: (r) => r.bytes(),
  },
} as const satisfies Record<
  string,
  {
    wire: number;
    packable: boolean;
    write(writer: protobuf.Writer, value: unknown): void;
    read(reader: protobuf.Reader): unknown;
  }
>;
type ScalarType = keyof typeof SCALARS;

const isScalar = (type: string): type is ScalarType => Object.hasOwn(SCALARS, type);

/** One message's fields, arranged for writing (by field number) and for reading (by id). */
interface MessageLayout {
  /** The order protobuf writes fields in: by field number. */
  readonly ordered: readonly FieldRow[];
  readonly byId: ReadonlyMap<number, FieldRow>;
}

const layouts = new Map<MessageName, MessageLayout>();

/** Arranged on first use, not at import. */
function layout(name: MessageName): MessageLayout {
  let found = layouts.get(name);
  if (found === undefined) {
    const rows: readonly FieldRow[] = MESSAGES[name];
    found = {
      ordered: [...rows].sort((a, b) => a[1] - b[1]),
      byId: new Map(rows.map((row) => [row[1], row])),
    };
    layouts.set(name, found);
  }
  return found;
}

/** Which message a message-typed field holds. */
const messageType = (type: string): MessageName => {
  if (!Object.hasOwn(MESSAGES, type)) throw new Error(`ONNX schema: no message ${type}`);
  return type as MessageName;
};

/**
 * Writes `message` as message type `name`. A field is written when it is set (not null or
 * undefined); a repeated field when it has elements; packed fields as one length-delimited run.
 * This is what protobufjs's generated proto2 encoder does.
 */
function writeMessage(name: MessageName, message: object, writer: protobuf.Writer): void {
  const values = message as Record<string, unknown>;
  for (const [field, id, type, rule] of layout(name).ordered) {
    const value = Object.hasOwn(values, field) ? values[field] : undefined;
    if (value === undefined || value === null) continue;
    const write = (v: unknown) => {
      if (isScalar(type)) {
        writer.uint32(((id << 3) | SCALARS[type].wire) >>> 0);
        SCALARS[type].write(writer, v);
      } else {
        writer.uint32(((id << 3) | 2) >>> 0).fork();
        writeMessage(messageType(type), v as object, writer);
        writer.ldelim();
      }
    };
    if (rule === undefined) {
      write(value);
      continue;
    }
    const elements = value as readonly unknown[];
    if (elements.length === 0) continue;
    if (rule === 'packed' && isScalar(type) && SCALARS[type].packable) {
      writer.uint32(((id << 3) | 2) >>> 0).fork();
      for (const element of elements) SCALARS[type].write(writer, element);
      writer.ldelim();
    } else {
      for (const element of elements) write(element);
    }
  }
}

/**
 * Reads one message of type `name` up to `end`. Repeated fields come back as arrays, empty when
 * absent, and packed or not; absent singular fields stay absent; unknown fields are skipped.
 */
function readMessage(name: MessageName, reader: protobuf.Reader, end: number): object {
  const { ordered, byId } = layout(name);
  const message: Record<string, unknown> = {};
  for (const [field, , , rule] of ordered) if (rule !== undefined) message[field] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    const row = byId.get(tag >>> 3);
    if (row === undefined) {
      reader.skipType(tag & 7);
      continue;
    }
    const [field, , type, rule] = row;
    const readOne = (): unknown => {
      if (isScalar(type)) return SCALARS[type].read(reader);
      const length = reader.uint32();
      return readMessage(messageType(type), reader, reader.pos + length);
    };
    if (rule === undefined) {
      message[field] = readOne();
      continue;
    }
    const elements = message[field] as unknown[];
    if (isScalar(type) && SCALARS[type].packable && (tag & 7) === 2) {
      const runEnd = reader.uint32() + reader.pos;
      while (reader.pos < runEnd) elements.push(SCALARS[type].read(reader));
    } else {
      elements.push(readOne());
    }
  }
  return message;
}

/** Serialises one message of the schema (the wire-format tests encode single messages). */
export function encodeMessage(name: MessageName, message: object): Uint8Array {
  const writer = protobuf.Writer.create();
  writeMessage(name, message, writer);
  return writer.finish();
}

/** Serialises a model. Large `rawData` arrays are copied once, into the returned bytes. */
export function encodeModel(model: ModelProto): Uint8Array {
  return encodeMessage('ModelProto', model);
}

/**
 * Parses a model. `rawData` fields come back as views into `bytes`, not copies, so writing
 * through them writes into `bytes`.
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const reader = protobuf.Reader.create(bytes);
  // The table declares exactly the shape of ModelProto, which the walk cannot type for us.
  return readMessage('ModelProto', reader, bytes.length) as ModelProto;
}
