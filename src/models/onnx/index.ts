/**
 * ONNX: a table-declared subset of the ONNX schema (written with protobufjs/minimal), and a
 * GPT-2 decoder graph with KV cache and deterministic weights, inline or as external data. (ort-harness.ts is for tests and is not
 * exported: the project's one wrapper of onnxruntime-web lives in src/engines.)
 */

export * from './decoder-dtype';
export {
  buildGpt2DecoderGraph,
  GPT2_OPSET,
  type Gpt2DecoderGraph,
  MICROSOFT_DOMAIN,
} from './gpt2-graph';
export * from './schema';
export * from './write-gpt2';
