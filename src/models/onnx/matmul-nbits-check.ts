/**
 * A one-node model that asks an execution provider whether its MatMulNBits is right: the
 * decoder's own blocks (decoder-dtype.ts) on a small matrix, with the product the CPU
 * reference computes from the dequantised weights. onnxruntime-web's JSEP MatMulNBits returns
 * wrong numbers on SwiftShader without any error (1.31.0-dev, measured): an engine runs this
 * before it trusts a quantised graph on a provider, so a wrong kernel fails its pair instead of
 * reporting a plausible number.
 */
import { dequantizeMatrix, quantizeMatrix } from '../quantize';
import { linear } from '../reference-ops';
import { DECODER_QUANTIZATION, matMulNBitsInitializers } from './decoder-dtype';
import { GPT2_OPSET, MICROSOFT_DOMAIN, matMulNBits } from './gpt2-graph';
import { GraphBuilder, tensorValueInfo } from './graph-builder';
import { DataType, encodeModel } from './schema';
import { IR_VERSION } from './write-gpt2';

export interface MatMulNBitsCheck {
  /** The .onnx file: input `a` (M, K) f32, output `y` (M, N) f32. */
  readonly model: Uint8Array;
  readonly K: number;
  readonly N: number;
  /** The rows of `a` to run it with, each (M, K) row-major, and the expected `y` of each. */
  readonly cases: readonly {
    readonly M: number;
    readonly a: Float32Array;
    readonly y: Float32Array;
  }[];
}

/**
 * K is two blocks and a half (a padded last block, as gpt2-3m's K = 64 has with q4's 128), N is
 * odd; M = 1 is a decode step, M = 7 a prefill (ORT picks its kernel variant by M).
 */
export function matMulNBitsCheck(dtype: 'q8' | 'q4'): MatMulNBitsCheck {
  const quantization = DECODER_QUANTIZATION[dtype];
  const K = Math.floor(2.5 * quantization.blockSize);
  const N = 13;
  const weight = Float32Array.from({ length: K * N }, (_, i) => Math.sin(0.37 * i + 0.1));
  const matrix = quantizeMatrix(weight, K, N, quantization);
  const held = dequantizeMatrix(matrix); // (K, N)

  const g = new GraphBuilder();
  matMulNBits(g, 'a', 'w', [K, N], dtype, 'y'); // (M, K) @ (K, N) -> (M, N)
  const model = encodeModel({
    irVersion: IR_VERSION,
    opsetImport: [
      { domain: '', version: GPT2_OPSET },
      { domain: MICROSOFT_DOMAIN, version: 1 },
    ],
    producerName: 'paramscope',
    graph: {
      name: `matmul_nbits_check_${dtype}`,
      node: g.nodes,
      initializer: matMulNBitsInitializers('w', matrix),
      input: [tensorValueInfo('a', DataType.FLOAT, ['M', K])],
      output: [tensorValueInfo('y', DataType.FLOAT, ['M', N])],
    },
  });

  const cases = [1, 7].map((M) => {
    const a = Float32Array.from({ length: M * K }, (_, i) => Math.cos(0.11 * i));
    // The CPU reference's Conv1D with no bias: (M, K) @ (K, N) -> (M, N), summed in f64.
    const y = Float32Array.from(linear(Float64Array.from(a), M, K, held, new Float32Array(N)));
    return { M, a, y };
  });
  return { model, K, N, cases };
}
