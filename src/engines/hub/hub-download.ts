/**
 * Downloading a hub model is not loading it. The hub engine fetches the files a run needs here
 * first — each checked (HTTP status, an HTML page in place of a file, its size against the
 * repo's listing), counted byte by byte for the progress bars, and put into the Cache API under
 * the URL transformers.js looks for — so that its load then reads them from the cache and is
 * timed as load alone. A file already in the cache is not fetched again: a second visit says
 * "from cache".
 */
import { HUB_CACHE } from './transformers';

export interface HubFile {
  readonly path: string;
  /** Its size in the repo's listing. */
  readonly bytes: number;
}

export interface HubFileSource {
  readonly hubUrl: string;
  readonly repo: string;
  readonly revision: string;
}

/** Where one file is, as the hub and transformers.js spell it (its cache key too). */
export function hubFileUrl({ hubUrl, repo, revision }: HubFileSource, path: string): string {
  return `${hubUrl.replace(/\/+$/, '')}/${repo}/resolve/${encodeURIComponent(revision)}/${path}`;
}

/** Bytes of bytes, per file and in total: `ps-progress` of the `download` step. */
export interface DownloadProgress {
  readonly files: readonly FileProgress[];
  readonly loaded: number;
  readonly total: number;
}

export interface FileProgress {
  readonly path: string;
  readonly loaded: number;
  readonly total: number;
  readonly fromCache: boolean;
}

export interface DownloadReport extends DownloadProgress {
  /** Wall time of the download, cache reads included. */
  readonly ms: number;
  /** Every file came from the cache: nothing crossed the network. */
  readonly fromCache: boolean;
}

export class HubFileError extends Error {
  override readonly name = 'HubFileError';
}

/** Fetches `files` of `source` into the cache (or finds them there), reporting progress. */
export async function downloadHubFiles(
  source: HubFileSource,
  files: readonly HubFile[],
  onProgress: (progress: DownloadProgress) => void = () => {},
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
): Promise<DownloadReport> {
  const start = performance.now();
  const cache = typeof caches === 'undefined' ? null : await caches.open(HUB_CACHE);
  const progress: FileProgress[] = files.map((f) => ({
    path: f.path,
    loaded: 0,
    total: f.bytes,
    fromCache: false,
  }));
  let reported = 0;
  // At most every 100 ms while bytes arrive (a chunk is some 64 KiB), and at each file's end.
  const report = (force = true) => {
    if (!force && performance.now() - reported < 100) return;
    reported = performance.now();
    onProgress(summary(progress));
  };
  report();
  // One file after another: a failure names its file, and the earlier files stay cached.
  for (const [index, file] of files.entries()) {
    const url = hubFileUrl(source, file.path);
    const update = (loaded: number, fromCache: boolean) => {
      progress[index] = { path: file.path, loaded, total: file.bytes, fromCache };
      report(loaded === file.bytes);
    };
    const cached = await cache?.match(url);
    if (cached) {
      const size = (await cached.arrayBuffer()).byteLength;
      if (size === file.bytes) {
        update(size, true);
        continue;
      }
      await cache?.delete(url); // a stale or partial entry: fetch it again
    }
    const body = await fetchChecked(url, file, fetchImpl, (loaded) => update(loaded, false));
    await cache?.put(
      url,
      new Response(body.buffer as ArrayBuffer, {
        headers: { 'content-type': 'application/octet-stream', 'content-length': `${body.length}` },
      }),
    );
  }
  const done = summary(progress);
  return { ...done, ms: performance.now() - start, fromCache: progress.every((f) => f.fromCache) };
}

async function fetchChecked(
  url: string,
  file: HubFile,
  fetchImpl: typeof fetch,
  onBytes: (loaded: number) => void,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw new HubFileError(`${file.path}: could not be fetched from ${url} (${String(error)})`);
  }
  if (!response.ok) {
    throw new HubFileError(`${file.path}: the hub answered HTTP ${response.status} for ${url}`);
  }
  if (/text\/html/i.test(response.headers.get('content-type') ?? '')) {
    throw new HubFileError(`${file.path}: the hub answered an HTML page, not the file (${url})`);
  }
  const body = await readCounted(response, file, onBytes);
  if (body.length !== file.bytes) {
    throw new HubFileError(
      `${file.path}: truncated: ${body.length} of the ${file.bytes} bytes the repo lists arrived`,
    );
  }
  if (looksLikeHtml(body)) {
    throw new HubFileError(`${file.path}: the hub answered an HTML page, not the file (${url})`);
  }
  return body;
}

/** The body, counted as it arrives; never more than the listing's size plus one byte. */
async function readCounted(
  response: Response,
  file: HubFile,
  onBytes: (loaded: number) => void,
): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onBytes(loaded);
    }
  } catch (error) {
    throw new HubFileError(
      `${file.path}: truncated: the connection ended after ${loaded} of ${file.bytes} bytes (${String(error)})`,
    );
  }
  const body = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/** An error page served with a binary content type still starts like one. */
function looksLikeHtml(body: Uint8Array): boolean {
  const head = new TextDecoder().decode(body.subarray(0, 64)).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

function summary(files: readonly FileProgress[]): DownloadProgress {
  return {
    files: [...files],
    loaded: files.reduce((sum, f) => sum + f.loaded, 0),
    total: files.reduce((sum, f) => sum + f.total, 0),
  };
}

export interface CachedHubFile {
  readonly url: string;
  readonly bytes: number;
}

/** What the hub cache holds, file by file. */
export async function cachedHubFiles(): Promise<CachedHubFile[]> {
  if (typeof caches === 'undefined') return [];
  const cache = await caches.open(HUB_CACHE);
  const files: CachedHubFile[] = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const bytes = Number(response?.headers.get('content-length') ?? Number.NaN);
    files.push({
      url: request.url,
      bytes: Number.isFinite(bytes) ? bytes : ((await response?.arrayBuffer())?.byteLength ?? 0),
    });
  }
  return files;
}

/** Empties the hub cache; returns whether there was one to empty. */
export function clearHubCache(): Promise<boolean> {
  return typeof caches === 'undefined' ? Promise.resolve(false) : caches.delete(HUB_CACHE);
}
