/**
 * The GPT-2 weights behind any model source our engine runs: generated from the seed for a
 * synthetic model, and read from a real checkpoint for a hub repo (its `model.safetensors`,
 * downloaded from the hub it was read from) or a `.safetensors` file the user dropped.
 *
 * The architecture always comes from the source's facts (config.json for a hub repo), and
 * the checkpoint is checked against it tensor by tensor (./gpt2-checkpoint.ts).
 */
import { downloadFile } from '@huggingface/hub';
import type { Gpt2Config } from '../../scaling';
import type { FileModel, HubModel, ModelSource } from '../source';
import {
  type GeneratedTensor,
  type Gpt2Weights,
  generateWeights,
  getTensor,
  materializeWeights,
  requireGpt2Config,
  tensorSpecs,
} from '../weights';
import { readGpt2Checkpoint } from './gpt2-checkpoint';

/** The single-file checkpoint of a hub GPT-2 repo. */
export const CHECKPOINT_FILE = 'model.safetensors';

/** A GPT-2 to run: its id, config, and its tensors in state-dict order. */
export interface Gpt2Model {
  readonly id: string;
  readonly config: Gpt2Config;
  readonly tensors: Iterable<GeneratedTensor>;
}

function gpt2ConfigOf(source: HubModel | FileModel): Gpt2Config {
  const { config } = source.facts;
  if (!config) {
    throw new Error(`${source.id}: no architecture is known for it (a config.json is needed)`);
  }
  try {
    return requireGpt2Config(config);
  } catch (error) {
    throw new Error(`${source.id}: ${(error as Error).message}`);
  }
}

/** The bytes of a hub repo's checkpoint, or an error naming the file and what came back. */
async function downloadCheckpoint(source: HubModel, fetchImpl: typeof fetch): Promise<Uint8Array> {
  const where = `${source.repo}/${CHECKPOINT_FILE}`;
  if (!source.files.some((file) => file.path === CHECKPOINT_FILE)) {
    throw new Error(`${where}: the repo has no single-file checkpoint, which our engine reads`);
  }
  const blob = await downloadFile({
    repo: { type: 'model', name: source.repo },
    revision: source.revision,
    hubUrl: source.hubUrl,
    path: CHECKPOINT_FILE,
    fetch: fetchImpl,
  });
  if (!blob) throw new Error(`${where}: not found on the hub`);
  return new Uint8Array(await blob.arrayBuffer());
}

/** Reads a checkpoint, prefixing any error with the file it came from. */
function readNamed(where: string, bytes: Uint8Array, config: Gpt2Config): Gpt2Weights {
  try {
    return readGpt2Checkpoint(bytes, config);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

/** The weights of a hub repo's or a dropped file's GPT-2 checkpoint, checked against its config. */
export async function checkpointWeights(
  source: HubModel | FileModel,
  fetchImpl: typeof fetch = fetch,
): Promise<Gpt2Weights> {
  const config = gpt2ConfigOf(source);
  if (source.kind === 'hub') {
    const bytes = await downloadCheckpoint(source, fetchImpl);
    return readNamed(`${source.repo}/${CHECKPOINT_FILE}`, bytes, config);
  }
  if (source.format !== 'safetensors') {
    throw new Error(
      `${source.id}: our engine reads GPT-2 checkpoints in .safetensors, not .${source.format}`,
    );
  }
  if (typeof source.file === 'string') {
    throw new Error(`${source.id}: our engine reads a checkpoint from a file, not from a URL`);
  }
  return readNamed(source.id, new Uint8Array(await source.file.arrayBuffer()), config);
}

/** The weights as tensors in state-dict order, with the shapes of their config. */
const tensorsOf = (weights: Gpt2Weights): GeneratedTensor[] =>
  tensorSpecs(weights.config).map(({ name, shape }) => ({
    name,
    shape,
    data: getTensor(weights, name),
  }));

/** The whole model in memory, for the CPU reference: generated, or read from the checkpoint. */
export async function gpt2Weights(
  source: ModelSource,
  fetchImpl: typeof fetch = fetch,
): Promise<Gpt2Weights> {
  return source.kind === 'synthetic'
    ? materializeWeights(source.config, source.init)
    : checkpointWeights(source, fetchImpl);
}

/**
 * The GPT-2 that `source` is. A synthetic model's tensors are generated lazily, one at a time;
 * a checkpoint is read whole (it is one file) and checked before anything is yielded.
 */
export async function gpt2Model(
  source: ModelSource,
  fetchImpl: typeof fetch = fetch,
): Promise<Gpt2Model> {
  if (source.kind === 'synthetic') {
    const { id, config, init } = source;
    return { id, config, tensors: { [Symbol.iterator]: () => generateWeights(config, init) } };
  }
  const weights = await checkpointWeights(source, fetchImpl);
  return { id: source.id, config: weights.config, tensors: tensorsOf(weights) };
}
