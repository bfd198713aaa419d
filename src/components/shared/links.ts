/** `https://arxiv.org/abs/2005.14165` → `arxiv.org/abs/2005.14165`: a source link's text. */
export function sourceLabel(url: string): string {
  try {
    const { host, pathname } = new URL(url);
    return `${host}${pathname === '/' ? '' : pathname}`;
  } catch {
    return url;
  }
}
