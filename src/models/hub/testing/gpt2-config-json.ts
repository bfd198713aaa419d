/** Test-only: a GPT-2 config as the hub's repos hold it, GPT2Config's own field names. */
import type { ArchitectureConfig } from '../../../scaling';

export function gpt2ConfigJson(config: ArchitectureConfig): string {
  return JSON.stringify({
    model_type: 'gpt2',
    vocab_size: config.vocabSize,
    n_positions: config.contextLength,
    n_layer: config.layers,
    n_embd: config.dModel,
    n_head: config.heads,
    n_inner: null,
  });
}
