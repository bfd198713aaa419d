/**
 * A hub model as the URL and the attributes name it, beside the ladder ids:
 * `hub:<owner>/<name>` on the main branch, `hub:<owner>/<name>@<revision>` off it.
 */

export const HUB_ID_PREFIX = 'hub:';

/** The public hub; `hub=<base URL>` points the page elsewhere. */
export const DEFAULT_HUB_URL = 'https://huggingface.co';

export interface HubId {
  /** `owner/name`. */
  readonly repo: string;
  readonly revision: string;
}

// The hub's own rule for repo names: letters, digits, `-`, `_`, `.`; no `--` or `..`.
const PART = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const HUB_ID = new RegExp(`^hub:(${PART}/${PART})(?:@([A-Za-z0-9._/-]+))?$`);

/** `id` as a hub model, or null when it is not `hub:owner/name[@revision]`. */
export function parseHubId(id: string): HubId | null {
  const match = HUB_ID.exec(id);
  if (!match || /--|\.\./.test(match[1]!)) return null;
  return { repo: match[1]!, revision: match[2] ?? 'main' };
}

export const isHubId = (id: string): boolean => id.startsWith(HUB_ID_PREFIX);

/** The hub's address from a setting: an http(s) URL, without a trailing slash. */
export function parseHubUrl(text: string): string | null {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.replace(/\/+$/, '');
  } catch {
    return null;
  }
}
