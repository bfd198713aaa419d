import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { gpt2Config } from '../../scaling';
import { tensorSpecs } from '../weights';
import { GPT2_OPSET } from './gpt2-graph';
import {
  AttributeType,
  DataType,
  decodeModel,
  encodeMessage,
  type MessageName,
  type ModelProto,
} from './schema';
import { writeDecoderOnnx, writeDecoderOnnxExternalModel } from './write-gpt2';

function encode(message: Record<string, unknown>, type: MessageName): number[] {
  return Array.from(encodeMessage(type, message));
}

// Expected bytes are worked out by hand from the protobuf encoding spec (tag = field << 3 | wire
// type; varints little-endian base 128) and onnx.proto's field numbers, independently of protobufjs.
describe('ONNX schema wire format', () => {
  it('OperatorSetIdProto: domain = 1, version = 2', () => {
    // 0a 00: domain '' (proto2 writes a field that is set, even empty); 10 11: version 17.
    expect(encode({ domain: '', version: 17 }, 'OperatorSetIdProto')).toEqual([
      0x0a, 0x00, 0x10, 0x11,
    ]);
  });

  it('TensorProto: dims = 1 (unpacked), data_type = 2, name = 8, raw_data = 9', () => {
    const bytes = encode(
      { dims: [2, 3], dataType: DataType.FLOAT, name: 'w', rawData: Uint8Array.from([1, 2]) },
      'TensorProto',
    );
    expect(bytes).toEqual([
      0x08, 0x02, 0x08, 0x03, 0x10, 0x01, 0x42, 0x01, 0x77, 0x4a, 0x02, 0x01, 0x02,
    ]);
  });

  it('TensorProto: int64_data = 7 is packed, as onnx.proto asks', () => {
    // 3a 03 01 ac 02: field 7, 3 bytes: varint 1, varint 300.
    const bytes = encode(
      { dims: [], dataType: DataType.INT64, name: 'n', int64Data: [1, 300] },
      'TensorProto',
    );
    expect(bytes).toEqual([0x10, 0x07, 0x3a, 0x03, 0x01, 0xac, 0x02, 0x42, 0x01, 0x6e]);
  });

  it('AttributeProto: name = 1, i = 3 (negative int64 as ten bytes), type = 20', () => {
    const bytes = encode({ name: 'axis', type: AttributeType.INT, i: -1 }, 'AttributeProto');
    const axis = [0x61, 0x78, 0x69, 0x73];
    expect(bytes).toEqual([
      0x0a,
      0x04,
      ...axis,
      0x18,
      ...new Array(9).fill(0xff),
      0x01,
      0xa0,
      0x01,
      0x02,
    ]);
  });

  it('TensorProto: external_data = 13, data_location = 14', () => {
    const bytes = encode(
      {
        dims: [],
        dataType: DataType.FLOAT,
        name: '',
        externalData: [{ key: 'k', value: 'v' }],
        dataLocation: 1,
      },
      'TensorProto',
    );
    expect(bytes).toEqual([
      0x10, 0x01, 0x42, 0x00, 0x6a, 0x06, 0x0a, 0x01, 0x6b, 0x12, 0x01, 0x76, 0x70, 0x01,
    ]);
  });
});

describe('decodeModel', () => {
  const config = gpt2Config({ layers: 2, dModel: 8, heads: 2, vocabSize: 16, contextLength: 8 });

  it('reads back what the writer wrote: IR 8, opset 17, HF weight names, cache inputs', () => {
    const model = decodeModel(writeDecoderOnnx(config).model);
    expect(model.irVersion).toBe(8);
    expect(model.opsetImport).toEqual([{ domain: '', version: GPT2_OPSET }]);
    const initializers = model.graph.initializer.map((t) => t.name);
    for (const spec of tensorSpecs(config)) expect(initializers).toContain(spec.name);
    expect(model.graph.input.map((i) => i.name)).toEqual([
      'input_ids',
      'attention_mask',
      'position_ids',
      'past_key_values.0.key',
      'past_key_values.0.value',
      'past_key_values.1.key',
      'past_key_values.1.value',
    ]);
    expect(model.graph.output.map((o) => o.name)).toEqual([
      'logits',
      'present.0.key',
      'present.0.value',
      'present.1.key',
      'present.1.value',
    ]);
    expect(model.graph.input[3]!.type.tensorType.shape.dim).toEqual([
      { dimParam: 'batch_size' },
      { dimValue: 2 },
      { dimParam: 'past_sequence_length' },
      { dimValue: 4 },
    ]);
  });

  it('returns raw_data as views into the bytes it decoded, not copies', () => {
    const bytes = writeDecoderOnnx(config).model;
    const wte = decodeModel(bytes).graph.initializer.find(
      (t) => t.name === 'transformer.wte.weight',
    );
    expect(wte?.rawData?.buffer).toBe(bytes.buffer);
    expect(wte?.rawData?.length).toBe(16 * 8 * 4);
  });
});

/**
 * onnx.proto's messages as onnx.proto declares them (nesting, oneofs, enums as int32), for
 * protobufjs reflection: the writer's former path, which compiles code with Function() and so
 * runs here in Node but not under a strict CSP. It is the second opinion on the table.
 */
const ONNX_PROTO = `
syntax = "proto2";
package onnx;
message StringStringEntryProto { optional string key = 1; optional string value = 2; }
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional bytes raw_data = 9;
  optional string doc_string = 12;
  repeated StringStringEntryProto external_data = 13;
  optional int32 data_location = 14;
}
message AttributeProto {
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  optional string doc_string = 13;
  optional int32 type = 20;
}
message TensorShapeProto {
  message Dimension {
    oneof value { int64 dim_value = 1; string dim_param = 2; }
  }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { optional int32 elem_type = 1; optional TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
}
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; optional string doc_string = 3; }
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
  optional string domain = 7;
}
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}
`;

describe('the table-driven writer against protobufjs reflection', () => {
  // resolveAll settles each field's features (packed or not) before the first encode.
  const reflected = protobuf.parse(ONNX_PROTO).root.resolveAll().lookupType('onnx.ModelProto');
  const config = gpt2Config({ layers: 2, dModel: 8, heads: 2, vocabSize: 16, contextLength: 8 });
  // What reflection makes of a file: its object (int64 as numbers, repeated fields as arrays).
  const reflectedObject = (bytes: Uint8Array) =>
    reflected.toObject(reflected.decode(bytes), { longs: Number, arrays: true });

  for (const [what, bytes] of [
    ['inline weights', () => writeDecoderOnnx(config).model],
    ['external data', () => writeDecoderOnnxExternalModel(config)],
  ] as const) {
    it(`writes the bytes reflection writes for the same model (${what})`, () => {
      const written = bytes();
      const model = reflectedObject(written);
      expect(model.graph.node.length).toBeGreaterThan(50);
      expect(Array.from(reflected.encode(model).finish())).toEqual(Array.from(written));
    });

    it(`reads what reflection reads (${what})`, () => {
      const written = bytes();
      // Reflection fills the oneof's name (`value: 'dimParam'`); that is not on the wire.
      const withoutOneofNames = JSON.parse(
        JSON.stringify(reflectedObject(written), (key, value) =>
          key === 'value' &&
          (value === 'dimValue' || value === 'dimParam' || value === 'tensorType')
            ? undefined
            : value instanceof Uint8Array
              ? Array.from(value)
              : value,
        ),
      );
      const ours: ModelProto = decodeModel(written);
      expect(
        JSON.parse(
          JSON.stringify(ours, (_, value) =>
            value instanceof Uint8Array ? Array.from(value) : value,
          ),
        ),
      ).toEqual(withoutOneofNames);
    });
  }
});
