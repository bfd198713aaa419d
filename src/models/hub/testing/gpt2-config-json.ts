/** Test-only: a GPT-2 config as the hub's repos hold it (../gpt2-checkpoint.ts), as JSON text. */
import type { ArchitectureConfig } from '../../../scaling';
import { requireGpt2Config } from '../../weights';
import { gpt2ConfigJson as configJsonOf } from '../gpt2-checkpoint';

export function gpt2ConfigJson(config: ArchitectureConfig): string {
  return JSON.stringify(configJsonOf(requireGpt2Config(config)));
}
