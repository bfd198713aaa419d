/**
 * A model on a hub, read from its headers alone: the file list, config.json, and the headers of
 * its weights by HTTP Range requests — safetensors (sharded or not) through @huggingface/hub,
 * or, in a repo that publishes GGUF files, one GGUF header through @huggingface/gguf — never
 * the weights. What comes back is a HubModel source (../source.ts): exact parameters, bytes and
 * the largest tensor, before anything is downloaded; every tensor as stored; and how many bytes
 * it took to know.
 *
 * The host is configurable (`hubUrl`): users' browsers reach the real hub, and the tests a
 * local one laid out the same way (./testing/hub-server.ts).
 */
import { downloadFile, listFiles, parseSafetensorsMetadata } from '@huggingface/hub';
import type { ArchitectureConfig } from '../../scaling';
import { countingFetch } from '../counting-fetch';
import { readGgufHeader } from '../gguf/gguf-header';
import { factsFromTensors, type ModelReading, type TensorRow, totalsByDtype } from '../reading';
import { safetensorsRow } from '../safetensors';
import type { HubModel } from '../source';
import { isMaskBuffer } from './gpt2-checkpoint';
import { architectureFromConfig } from './hub-config';

export interface HubLocation {
  /** `owner/name`. */
  readonly repo: string;
  /** A branch, tag or commit; default `main`. */
  readonly revision?: string;
  /** The hub's address, e.g. `https://huggingface.co`. */
  readonly hubUrl: string;
  /** In a repo of GGUF files, the one to read; the Q4_K_M one (or the first) unless named. */
  readonly file?: string;
}

export type HubReading = ModelReading & { readonly model: HubModel };

const isGguf = (path: string) => path.toLowerCase().endsWith('.gguf');

/** The GGUF to read in a repo of several: the one named, else Q4_K_M, else the first. */
function chooseGguf(paths: readonly string[], named: string | undefined): string | undefined {
  if (named) return paths.find((p) => p === named);
  const sorted = [...paths].sort();
  return sorted.find((p) => /q4_k_m/i.test(p)) ?? sorted[0];
}

/** Reads `where` from its headers, with `fetchImpl` (the page's fetch by default). */
export async function readHubModel(
  where: HubLocation,
  fetchImpl: typeof fetch = fetch,
): Promise<HubReading> {
  const counter = countingFetch(fetchImpl);
  const revision = where.revision ?? 'main';
  const hub = {
    repo: { type: 'model' as const, name: where.repo },
    revision,
    hubUrl: where.hubUrl,
    fetch: counter.fetch,
  };

  const files: { path: string; bytes: number }[] = [];
  for await (const entry of listFiles({ ...hub, recursive: true })) {
    if (entry.type === 'file') files.push({ path: entry.path, bytes: entry.size });
  }
  const paths = files.map((f) => f.path);
  const hasSafetensors = paths.some((p) => p.endsWith('.safetensors'));
  const ggufPath = hasSafetensors ? undefined : chooseGguf(paths.filter(isGguf), where.file);
  if (where.file && !ggufPath) throw new Error(`${where.repo}: no GGUF file ${where.file}`);

  let config: ArchitectureConfig | null = null;
  const configJson = paths.includes('config.json')
    ? (JSON.parse(await (await downloadFile({ ...hub, path: 'config.json' }))!.text()) as unknown)
    : null;
  if (configJson !== null) config = architectureFromConfig(configJson);
  if (configJson === null && !ggufPath) throw new Error(`${where.repo}: no config.json`);
  if (configJson !== null && !config && !ggufPath) {
    const type = (configJson as { model_type?: unknown }).model_type;
    throw new Error(
      `${where.repo}: config.json describes model_type ${String(type)}, which paramscope does not read yet`,
    );
  }

  let tensors: TensorRow[];
  let shape: { config: ArchitectureConfig | null; contextLength: number; vocabSize: number };
  if (ggufPath) {
    const url = `${where.hubUrl}/${where.repo}/resolve/${encodeURIComponent(revision)}/${ggufPath
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;
    const header = await readGgufHeader(url, `${where.repo}/${ggufPath}`, counter.fetch);
    tensors = [...header.tensors];
    // config.json, where the repo has one, is what transformers reads; else the GGUF's own.
    const chosen = config ?? header.config;
    shape = {
      config: chosen,
      contextLength: chosen?.contextLength ?? header.contextLength,
      vocabSize: chosen?.vocabSize ?? header.vocabSize,
    };
  } else {
    const parsed = await parseSafetensorsMetadata({ ...hub, computeParametersCount: false });
    const headers = parsed.sharded ? Object.values(parsed.headers) : [parsed.header];
    tensors = headers.flatMap((header) =>
      Object.entries(header)
        // GPT-2's causal-mask buffers are saved in older exports but are no parameters.
        .filter(([name]) => name !== '__metadata__' && !isMaskBuffer(name))
        .map(([name, entry]) => safetensorsRow(where.repo, name, entry)),
    );
    shape = { config, contextLength: config!.contextLength, vocabSize: config!.vocabSize };
  }

  return {
    model: {
      kind: 'hub',
      id: revision === 'main' ? where.repo : `${where.repo}@${revision}`,
      repo: where.repo,
      revision,
      hubUrl: where.hubUrl,
      files,
      facts: factsFromTensors(where.repo, tensors, shape),
    },
    bytesRead: counter.bytesRead,
    tensors,
    byDtype: totalsByDtype(tensors),
  };
}
