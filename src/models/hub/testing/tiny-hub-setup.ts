/**
 * Test-only: the browser tests' global setup (vitest.config.ts). It serves
 * `paramscope/tiny-gpt2` (and a copy with checking weights) from Node over real HTTP, laid out
 * as the hub (./hub-server.ts), so browser tests load it through the real loading code of
 * transformers.js and @huggingface/hub; they read its address with `inject('tinyGpt2HubUrl')`.
 * One server for the whole run, closed after it.
 */
import type { TestProject } from 'vitest/node';
import { writeDecoderOnnx } from '../../onnx/write-gpt2';
import { CHECKING_WEIGHT_INIT, materializeWeights } from '../../weights';
import { writeGpt2Checkpoint } from '../gpt2-checkpoint';
import { TINY_GPT2_CONFIG, TINY_GPT2_REPO, tinyGpt2Files } from '../tiny-gpt2';
import { startLocalHub } from './hub-server';

/**
 * tiny-gpt2 with every bias and norm nonzero and different (CHECKING_WEIGHT_INIT), in both
 * weight files: GPT-2's own initialisation (zero biases, unit norms) would hide a dropped
 * bias or a swapped γ/β from a cross-check.
 */
export const TINY_GPT2_CHECKING_REPO = 'paramscope/tiny-gpt2-checking';

function checkingFiles(): Record<string, Uint8Array | string> {
  const weights = materializeWeights(TINY_GPT2_CONFIG, CHECKING_WEIGHT_INIT);
  return {
    ...tinyGpt2Files(),
    'model.safetensors': writeGpt2Checkpoint(weights),
    'onnx/model.onnx': writeDecoderOnnx(TINY_GPT2_CONFIG, { init: CHECKING_WEIGHT_INIT }).model,
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const hub = await startLocalHub([
    { repo: TINY_GPT2_REPO, files: tinyGpt2Files() },
    { repo: TINY_GPT2_CHECKING_REPO, files: checkingFiles() },
  ]);
  project.provide('tinyGpt2HubUrl', hub.url);
  return () => hub.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The local hub serving paramscope/tiny-gpt2, e.g. `http://127.0.0.1:40123`. */
    tinyGpt2HubUrl: string;
  }
}
