import { describe, expect, it } from 'vitest';
import { onnxExports } from './onnx-files';

describe('onnxExports', () => {
  it('finds each dtype transformers.js would load, with its external data', () => {
    const files = [
      { path: 'config.json', bytes: 700 },
      { path: 'onnx/model.onnx', bytes: 1_000 },
      { path: 'onnx/model.onnx_data', bytes: 2_000_000_000 },
      { path: 'onnx/model.onnx_data_1', bytes: 500 },
      { path: 'onnx/model_fp16.onnx', bytes: 1_000_000 },
      { path: 'onnx/model_q4f16.onnx', bytes: 300_000 },
      { path: 'onnx/decoder_model_q4.onnx', bytes: 9 }, // another model's file
    ];
    expect(onnxExports(files)).toEqual([
      { dtype: 'fp32', path: 'onnx/model.onnx', bytes: 2_000_001_500 },
      { dtype: 'fp16', path: 'onnx/model_fp16.onnx', bytes: 1_000_000 },
      { dtype: 'q4f16', path: 'onnx/model_q4f16.onnx', bytes: 300_000 },
    ]);
    expect(onnxExports(files, 'decoder_model')).toEqual([
      { dtype: 'q4', path: 'onnx/decoder_model_q4.onnx', bytes: 9 },
    ]);
    expect(onnxExports([])).toEqual([]);
  });
});
