import { describe, expect, it } from 'vitest';
import { parseHubId, parseHubUrl } from './hub-id';

describe('hub model ids', () => {
  it('reads hub:owner/name, on main unless @revision says otherwise', () => {
    expect(parseHubId('hub:paramscope/tiny-gpt2')).toEqual({
      repo: 'paramscope/tiny-gpt2',
      revision: 'main',
    });
    expect(parseHubId('hub:openai-community/gpt2@v1.0')).toEqual({
      repo: 'openai-community/gpt2',
      revision: 'v1.0',
    });
  });

  it('refuses what is not a repo name', () => {
    for (const id of ['gpt2-3m', 'hub:gpt2', 'hub:a/b/c', 'hub:a--b/c', 'hub:/x', 'hub:a/b@'])
      expect(parseHubId(id)).toBeNull();
  });

  it('takes an http(s) hub address without its trailing slash', () => {
    expect(parseHubUrl('http://127.0.0.1:9000/')).toBe('http://127.0.0.1:9000');
    expect(parseHubUrl('https://huggingface.co')).toBe('https://huggingface.co');
    expect(parseHubUrl('ftp://x')).toBeNull();
    expect(parseHubUrl('not a url')).toBeNull();
  });
});
