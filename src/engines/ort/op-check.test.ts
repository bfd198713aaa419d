/**
 * The MatMulNBits check on onnxruntime-web's WASM provider in Node: a right kernel passes it.
 * Its other answers (JSEP's 4-bit kernel wrong on SwiftShader, no 8-bit kernel) are in
 * ort-engine.browser.test.ts, where that provider runs.
 */
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { matMulNBitsCheck } from '../../models/onnx/matmul-nbits-check';
import { matMulNBitsFault } from './op-check';

describe('matMulNBitsFault', () => {
  it('passes the WASM provider at q8 and q4', async () => {
    ort.env.wasm.numThreads = 1;
    expect(await matMulNBitsFault(ort, 'wasm', 'q8')).toBeNull();
    expect(await matMulNBitsFault(ort, 'wasm', 'q4')).toBeNull();
  });

  it('checks a padded last block, a decode row and a prefill', () => {
    const check = matMulNBitsCheck('q4');
    expect(check.K % 128).not.toBe(0);
    expect(check.cases.map((c) => c.M)).toEqual([1, 7]);
  });
});
