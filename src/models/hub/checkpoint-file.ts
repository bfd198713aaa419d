/**
 * A `.safetensors` checkpoint the user dropped, with the `config.json` that describes it, as a
 * file source (../source.ts): its exact size from the header alone — the weights are read only
 * when an engine prepares it (./checkpoint-source.ts).
 */
import type { FileModel } from '../source';
import { architectureFromConfig } from './hub-config';
import { factsFromHeaders } from './stored-facts';

/** The reference implementation's limit on a header (safetensors lib.rs MAX_HEADER_SIZE). */
const MAX_HEADER_BYTES = 100_000_000;

/** The header of a safetensors file, read from its first 8 + N bytes only. */
async function readHeader(name: string, file: Blob): Promise<Record<string, unknown>> {
  if (file.size < 8) {
    throw new Error(`${name}: ${file.size} bytes is too short for a safetensors file`);
  }
  const prefix = new DataView(await file.slice(0, 8).arrayBuffer());
  const length = Number(prefix.getBigUint64(0, true));
  if (length > file.size - 8 || length > MAX_HEADER_BYTES) {
    throw new Error(
      `${name}: header length ${length} does not fit the ${file.size}-byte file: not a safetensors file`,
    );
  }
  try {
    const header: unknown = JSON.parse(await file.slice(8, 8 + length).text());
    if (typeof header !== 'object' || header === null || Array.isArray(header))
      throw new Error('not an object');
    return header as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${name}: the header is not a JSON object (${(error as Error).message})`);
  }
}

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
  const facts = factsFromHeaders(name, [await readHeader(name, file)], config);
  return Object.freeze({ kind: 'file', id: name, format: 'safetensors', file, facts });
}
