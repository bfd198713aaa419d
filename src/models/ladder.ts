/**
 * The ladder: synthetic GPT-2-architecture models from their presets, with GPT-2's own
 * initialisation (./source.ts says what a synthetic model is).
 */
import { isPresetId, LADDER_IDS, type LadderId, PRESETS } from './presets';
import { type SyntheticModel, syntheticModel } from './source';
import { GPT2_WEIGHT_INIT, requireGpt2Config } from './weights';

export const isLadderId = (id: string): id is LadderId =>
  (LADDER_IDS as readonly string[]).includes(id);

/** The ladder model `id`, or an error that lists the ids there are. */
export function ladderModel(id: string): SyntheticModel {
  if (!isPresetId(id) || !isLadderId(id)) {
    throw new RangeError(`unknown model "${id}": the ladder has ${LADDER_IDS.join(', ')}`);
  }
  return syntheticModel(id, requireGpt2Config(PRESETS[id].config), GPT2_WEIGHT_INIT);
}
