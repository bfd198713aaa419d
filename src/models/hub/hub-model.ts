/**
 * A model on a hub, read from its headers alone: the file list, config.json, and the
 * safetensors headers (sharded or not) by HTTP Range requests, through @huggingface/hub — never
 * the weights. What comes back is a HubModel source (../source.ts): exact parameters, bytes and
 * the largest tensor, before anything is downloaded; and how many bytes it took to know.
 *
 * The host is configurable (`hubUrl`): users' browsers reach the real hub, and the tests a
 * local one laid out the same way (./testing/hub-server.ts).
 */
import { downloadFile, listFiles, parseSafetensorsMetadata } from '@huggingface/hub';
import type { Precision } from '../../scaling';
import type { HubModel, StoredFacts, TensorSize } from '../source';
import { architectureFromConfig } from './hub-config';

export interface HubLocation {
  /** `owner/name`. */
  readonly repo: string;
  /** A branch, tag or commit; default `main`. */
  readonly revision?: string;
  /** The hub's address, e.g. `https://huggingface.co`. */
  readonly hubUrl: string;
}

export interface HubReading {
  readonly model: HubModel;
  /** Bytes of every response body read to know it: the cost of asking. */
  readonly bytesRead: number;
}

/** safetensors' dtype names that are a precision of ours (src/scaling/precision.ts). */
const SAFETENSORS_PRECISION: Readonly<Record<string, Precision>> = Object.freeze({
  F32: 'f32',
  F16: 'f16',
  BF16: 'bf16',
});

/** Reads `where` from its headers, with `fetchImpl` (the page's fetch by default). */
export async function readHubModel(
  where: HubLocation,
  fetchImpl: typeof fetch = fetch,
): Promise<HubReading> {
  let bytesRead = 0;
  // Each body is read whole here to be counted: these are headers, listings and ranges.
  const counted: typeof fetch = async (input, init) => {
    const response = await fetchImpl(input, init);
    const body = init?.method === 'HEAD' ? null : await response.arrayBuffer();
    bytesRead += body?.byteLength ?? 0;
    const { status, statusText, headers } = response;
    return new Response(body, { status, statusText, headers });
  };
  const revision = where.revision ?? 'main';
  const hub = {
    repo: { type: 'model' as const, name: where.repo },
    revision,
    hubUrl: where.hubUrl,
    fetch: counted,
  };

  const files: { path: string; bytes: number }[] = [];
  for await (const entry of listFiles({ ...hub, recursive: true })) {
    if (entry.type === 'file') files.push({ path: entry.path, bytes: entry.size });
  }
  const configBlob = await downloadFile({ ...hub, path: 'config.json' });
  if (!configBlob) throw new Error(`${where.repo}: no config.json`);
  const configJson: unknown = JSON.parse(await configBlob.text());
  const config = architectureFromConfig(configJson);
  if (!config) {
    const type = (configJson as { model_type?: unknown }).model_type;
    throw new Error(
      `${where.repo}: config.json describes model_type ${String(type)}, which paramscope does not read yet`,
    );
  }

  const parsed = await parseSafetensorsMetadata({ ...hub, computeParametersCount: true });
  const headers = parsed.sharded ? Object.values(parsed.headers) : [parsed.header];
  const bytesByPrecision = new Map<Precision, number>();
  let largest: TensorSize | null = null;
  for (const header of headers) {
    for (const [name, entry] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const info = entry as { dtype: string; data_offsets: [number, number] };
      const precision = SAFETENSORS_PRECISION[info.dtype];
      if (!precision)
        throw new Error(`${where.repo}: ${name} is ${info.dtype}, not a float precision`);
      const bytes = info.data_offsets[1] - info.data_offsets[0];
      bytesByPrecision.set(precision, (bytesByPrecision.get(precision) ?? 0) + bytes);
      if (!largest || bytes > largest.bytes) largest = { name, bytes };
    }
  }
  // The file's precision is the one (nearly) all its bytes are in; vectors kept wider are
  // counted with it, as our engines count their f32 biases inside an f16 model.
  const [stored] = [...bytesByPrecision.entries()].sort((a, b) => b[1] - a[1]);
  if (!stored || !largest) throw new Error(`${where.repo}: its safetensors hold no tensor`);
  const totalBytes = [...bytesByPrecision.values()].reduce((a, b) => a + b, 0);
  const params = Object.values(parsed.parameterCount).reduce((a, b) => a + (b ?? 0), 0);

  const facts: StoredFacts = {
    params,
    config,
    contextLength: config.contextLength,
    vocabSize: config.vocabSize,
    weightBytes: { [stored[0]]: totalBytes },
    largestTensor: { [stored[0]]: largest },
  };
  return {
    model: {
      kind: 'hub',
      id: revision === 'main' ? where.repo : `${where.repo}@${revision}`,
      repo: where.repo,
      revision,
      hubUrl: where.hubUrl,
      files,
      facts,
    },
    bytesRead,
  };
}
