/**
 * Results in a link: the records' JSON, deflated (CompressionStream, 'deflate-raw') and
 * base64url-encoded into the URL fragment as `#r=<schema>.<data>`. The fragment never reaches
 * a server, so a shared run stays between the people who pass the link around. The schema
 * number comes first, so a page can say that a link is newer than it instead of misreading it.
 */

import type { ResultRecord } from './result';

/** The results schema these links carry (ResultRecord's `schema`). */
export const SHARE_SCHEMA = 1;

/** The fragment's key: `#r=…`. */
export const SHARE_KEY = 'r';

/**
 * The longest fragment a link may carry. Browsers take far more (Chrome 2 MB), but chat
 * apps, mail clients and URL shorteners cut links at a few tens of kB.
 */
export const MAX_SHARE_CHARS = 32_000;

export class ShareError extends Error {
  override name = 'ShareError';
}

async function pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareError('the link is damaged: not base64url');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * The fragment (`r=1.…`, without `#`) that carries `records`; throws a ShareError that says
 * how far over the limit they are.
 */
export async function encodeShare(
  records: readonly ResultRecord[],
  limit = MAX_SHARE_CHARS,
): Promise<string> {
  if (records.length === 0) throw new ShareError('there are no results to share');
  const json = new TextEncoder().encode(JSON.stringify(records));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  const fragment = `${SHARE_KEY}=${SHARE_SCHEMA}.${toBase64Url(packed)}`;
  if (fragment.length > limit) {
    throw new ShareError(
      `${records.length} results take ${fragment.length.toLocaleString('en-US')} characters in a link, over the limit of ${limit.toLocaleString('en-US')}: share fewer (about ${Math.max(1, Math.floor((records.length * limit) / fragment.length))} fit) or export a JSON file`,
    );
  }
  return fragment;
}

/** The packed part of a location hash (`#r=1.…`), or null when it carries no results. */
export function sharedFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(SHARE_KEY);
}

/**
 * The records of a fragment's value (`1.…`), checked against the schema: a link is untrusted
 * input. Throws a ShareError that says what is wrong with the link.
 */
export async function decodeShare(value: string): Promise<ResultRecord[]> {
  const dot = value.indexOf('.');
  const version = Number(value.slice(0, dot));
  if (dot < 1 || !Number.isInteger(version)) {
    throw new ShareError('the link is damaged: it does not start with a schema number');
  }
  if (version !== SHARE_SCHEMA) {
    throw new ShareError(
      `the link carries results of schema ${version}; this page reads schema ${SHARE_SCHEMA}${version > SHARE_SCHEMA ? ' (the link is from a newer paramscope)' : ''}`,
    );
  }
  let json: string;
  try {
    const bytes = await pipe(
      fromBase64Url(value.slice(dot + 1)),
      new DecompressionStream('deflate-raw'),
    );
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof ShareError) throw error;
    throw new ShareError('the link is damaged: its results do not decompress');
  }
  const { parseResults } = await import('./result');
  try {
    return parseResults(json);
  } catch (error) {
    throw new ShareError(`the link's results are not valid: ${(error as Error).message}`);
  }
}
