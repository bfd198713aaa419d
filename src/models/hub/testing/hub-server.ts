/**
 * Test-only: a model hub on localhost, laid out as the real one answers the requests our hub
 * code and @huggingface/hub make — `/api/models/{repo}/tree/{rev}`, and
 * `/{repo}/resolve|raw/{rev}/{path}` with HEAD, GET and single Range requests (206 with
 * content-range, and an ETag, which @huggingface/hub requires) — over files held in memory. Every request is logged, so a test can assert
 * what was read.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRepo {
  readonly repo: string;
  readonly revision?: string;
  readonly files: Readonly<Record<string, Uint8Array | string>>;
  /** Sizes the listing states instead of the real ones: a truncated or a huge file. */
  readonly listedSizes?: Readonly<Record<string, number>>;
}

export interface LocalHub {
  readonly url: string;
  /** `GET /path bytes=a-b`, one line a request. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startLocalHub(repos: readonly HubRepo[]): Promise<LocalHub> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const range = request.headers.range;
    requests.push(`${request.method} ${url.pathname}${range ? ` ${range}` : ''}`);
    // Pages on another origin read it, as they read the real hub: CORS as it answers.
    for (const [name, value] of Object.entries(CORS)) response.setHeader(name, value);
    if (request.method === 'OPTIONS') {
      response.writeHead(204);
      response.end();
      return;
    }
    for (const { repo, revision = 'main', files, listedSizes = {} } of repos) {
      if (url.pathname === `/api/models/${repo}/tree/${revision}`) {
        const listing = Object.entries(files).map(([path, data]) => ({
          type: 'file',
          path,
          size: listedSizes[path] ?? bytesOf(data).length,
          oid: path,
        }));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(listing));
        return;
      }
      for (const endpoint of ['resolve', 'raw']) {
        const prefix = `/${repo}/${endpoint}/${revision}/`;
        if (!url.pathname.startsWith(prefix)) continue;
        const data = files[decodeURIComponent(url.pathname.slice(prefix.length))];
        if (data === undefined) break;
        serveFile(
          bytesOf(data),
          request.method ?? 'GET',
          range,
          response,
          `"${repo}/${revision}/${url.pathname}"`,
        );
        return;
      }
    }
    response.writeHead(404, { 'x-error-code': 'EntryNotFound' });
    response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'range, accept, authorization, content-type',
  'access-control-expose-headers':
    'content-range, content-length, accept-ranges, etag, x-error-code, link',
};

const bytesOf = (data: Uint8Array | string) =>
  typeof data === 'string' ? new TextEncoder().encode(data) : data;

function serveFile(
  bytes: Uint8Array,
  method: string,
  range: string | undefined,
  response: import('node:http').ServerResponse,
  etag: string,
): void {
  const match = range && /^bytes=(\d+)-(\d*)$/.exec(range);
  if (match) {
    const start = Number(match[1]);
    const end = Math.min(bytes.length - 1, match[2] ? Number(match[2]) : bytes.length - 1);
    response.writeHead(206, {
      'content-type': 'application/octet-stream',
      'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${bytes.length}`,
      'accept-ranges': 'bytes',
      etag,
    });
    response.end(method === 'HEAD' ? undefined : bytes.subarray(start, end + 1));
    return;
  }
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': bytes.length,
    'accept-ranges': 'bytes',
    etag,
  });
  response.end(method === 'HEAD' ? undefined : bytes);
}
