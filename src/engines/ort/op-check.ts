/**
 * Whether an execution provider's MatMulNBits gives the right numbers here, before a quantised
 * graph is trusted on it: one small product against the CPU reference
 * (models/onnx/matmul-nbits-check.ts). onnxruntime-web's JSEP MatMulNBits returns wrong
 * numbers on SwiftShader (1.31.0-dev: |diff| about 0.5 on the decoder's logits) and raises no
 * error, so nothing else would tell.
 */
import type * as Ort from 'onnxruntime-web';
import { matMulNBitsCheck } from '../../models/onnx/matmul-nbits-check';
import type { OrtExecutionProvider } from './runtime';

/** f32 arithmetic on the same dequantised weights: the order of a K = 320 sum, no more. */
const CHECK_TOLERANCE = 1e-3;

/** Why `provider`'s MatMulNBits at `dtype` cannot be trusted here, or null when it is right. */
export async function matMulNBitsFault(
  ort: typeof Ort,
  provider: OrtExecutionProvider,
  dtype: 'q8' | 'q4',
): Promise<string | null> {
  const check = matMulNBitsCheck(dtype);
  const what = `onnxruntime-web's ${provider} MatMulNBits (${dtype})`;
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(check.model, { executionProviders: [provider] });
  } catch (error) {
    return `${what} cannot run here: ${error instanceof Error ? error.message : String(error)}`;
  }
  try {
    for (const { M, a, y } of check.cases) {
      const outputs = await session.run({ a: new ort.Tensor('float32', a, [M, check.K]) });
      const actual = outputs.y?.data;
      if (!(actual instanceof Float32Array) || actual.length !== y.length) {
        return `${what} gave no (${M}, ${check.N}) float32 product`;
      }
      const wrong = y.findIndex(
        (expected, i) => !(Math.abs(actual[i]! - expected) <= CHECK_TOLERANCE),
      );
      if (wrong >= 0) {
        return `${what} gives wrong numbers on this device: ${actual[wrong]} for ${y[wrong]!.toPrecision(6)} in a (${M}, ${check.K}) @ (${check.K}, ${check.N}) product, past abs ${CHECK_TOLERANCE}`;
      }
    }
    return null;
  } finally {
    await session.release();
  }
}
