/**
 * Models: configs and presets, deterministic weights, the CPU reference forward pass, ONNX and
 * safetensors writers and readers. Imports only src/scaling from the project.
 */
export * from './ladder';
export * from './onnx';
export * from './presets';
export {
  decodeStep,
  emptyKvCache,
  type ForwardResult,
  forward,
  type KvCache,
  type LayerKv,
  prefill,
} from './reference';
export * from './safetensors';
export * from './source';
export * from './weights';
