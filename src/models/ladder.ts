/**
 * Models the engines can build for themselves: a GPT-2-architecture config and the seed of its
 * weights. The ladder's models come from their presets with GPT-2's own initialisation.
 */
import type { Gpt2Config } from '../scaling';
import { isPresetId, LADDER_IDS, type LadderId, PRESETS } from './presets';
import { GPT2_WEIGHT_INIT, requireGpt2Config, type WeightInit } from './weights';

export interface DecoderModel {
  /** Shown in results: a ladder id (`gpt2-18m`) or a name for a custom config. */
  readonly id: string;
  readonly config: Gpt2Config;
  readonly init: WeightInit;
}

export const isLadderId = (id: string): id is LadderId =>
  (LADDER_IDS as readonly string[]).includes(id);

/** The ladder model `id`, or an error that lists the ids there are. */
export function ladderModel(id: string): DecoderModel {
  if (!isPresetId(id) || !isLadderId(id)) {
    throw new RangeError(`unknown model "${id}": the ladder has ${LADDER_IDS.join(', ')}`);
  }
  return { id, config: requireGpt2Config(PRESETS[id].config), init: GPT2_WEIGHT_INIT };
}
