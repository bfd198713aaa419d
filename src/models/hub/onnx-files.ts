/**
 * The ONNX exports a hub repo publishes, per dtype, as transformers.js names them: it loads
 * `onnx/{name}{suffix}.onnx` for `dtype` (fp32: none, fp16: `_fp16`, q8: `_quantized`, int8:
 * `_int8`, uint8: `_uint8`, q4: `_q4`, q4f16: `_q4f16`, bnb4: `_bnb4`), with external data
 * beside it in `…onnx_data` files past 2 GB. Asking the file list which exist, rather than
 * guessing, is what lets the page offer only the dtypes a repo really has.
 */

/** transformers.js's dtype names, and the file suffix each one loads. */
export const ONNX_DTYPE_SUFFIXES = Object.freeze({
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const);
export type OnnxDtype = keyof typeof ONNX_DTYPE_SUFFIXES;

export interface OnnxExport {
  readonly dtype: OnnxDtype;
  /** The graph's path, e.g. `onnx/model_q4.onnx`. */
  readonly path: string;
  /** The graph and its external data files together. */
  readonly bytes: number;
}

/** The exports of model `name` (default `model`) under `onnx/`, in the table's order. */
export function onnxExports(
  files: readonly { readonly path: string; readonly bytes: number }[],
  name = 'model',
): OnnxExport[] {
  const exports: OnnxExport[] = [];
  for (const [dtype, suffix] of Object.entries(ONNX_DTYPE_SUFFIXES) as [OnnxDtype, string][]) {
    const path = `onnx/${name}${suffix}.onnx`;
    const graph = files.find((f) => f.path === path);
    if (!graph) continue;
    // External data: `model.onnx_data`, and `model.onnx_data_1`, … when split.
    const data = files.filter(
      (f) => f.path === `${path}_data` || f.path.startsWith(`${path}_data_`),
    );
    exports.push({ dtype, path, bytes: graph.bytes + data.reduce((sum, f) => sum + f.bytes, 0) });
  }
  return exports;
}
