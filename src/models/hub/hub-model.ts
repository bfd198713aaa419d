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
import type { HubModel } from '../source';
import { architectureFromConfig } from './hub-config';
import { factsFromHeaders } from './stored-facts';

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

  const parsed = await parseSafetensorsMetadata({ ...hub, computeParametersCount: false });
  const headers = parsed.sharded ? Object.values(parsed.headers) : [parsed.header];
  const facts = factsFromHeaders(where.repo, headers, config);
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
