/**
 * A `.safetensors` checkpoint the user dropped, with the `config.json` that describes it, as a
 * file source (../source.ts): its exact size from the header alone — the weights are read only
 * when an engine prepares it (./checkpoint-source.ts).
 */
import { readSafetensorsFile } from '../model-file';
import { factsFromTensors } from '../reading';
import type { FileModel } from '../source';
import { architectureFromConfig } from './hub-config';

/** A dropped checkpoint and its config.json (parsed) as a model source. */
export async function checkpointFileModel(
  name: string,
  file: Blob,
  configJson: unknown,
): Promise<FileModel> {
  const config = architectureFromConfig(configJson);
  if (!config) {
    const type = (configJson as { model_type?: unknown } | null)?.model_type;
    throw new Error(
      `${name}: its config.json describes model_type ${String(type)}, which paramscope does not read yet`,
    );
  }
  const { tensors } = await readSafetensorsFile(file, name);
  const facts = factsFromTensors(name, tensors, {
    config,
    contextLength: config.contextLength,
    vocabSize: config.vocabSize,
  });
  return Object.freeze({ kind: 'file', id: name, format: 'safetensors', file, facts });
}
