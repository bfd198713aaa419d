import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, SHARE_SCHEMA, sharedFragment } from './share';
import { sampleRecord } from './testing';

const RECORDS = [3, 7, 18].map((m, i) =>
  sampleRecord({
    model: `gpt2-${m}m`,
    params: m * 1_000_000 + i,
    time: `2026-11-2${i}T12:00:00.000Z`,
  }),
);

describe('share links', () => {
  it('carry the records through the fragment, versioned with the schema', async () => {
    const fragment = await encodeShare(RECORDS);
    expect(fragment).toMatch(new RegExp(`^r=${SHARE_SCHEMA}\\.[A-Za-z0-9_-]+$`));
    // Compressed: well under the JSON it carries.
    expect(fragment.length).toBeLessThan(JSON.stringify(RECORDS).length / 2);
    const value = sharedFragment(`#${fragment}`)!;
    expect(await decodeShare(value)).toEqual(RECORDS);
    expect(sharedFragment('#something=else')).toBeNull();
  });

  it('refuse too many records with how far over and how many fit', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      sampleRecord({ model: `m-${i}-${'x'.repeat(i)}`, loadMs: i * 1.37, firstRunMs: i * 91.3 }),
    );
    await expect(encodeShare(many, 1_000)).rejects.toThrow(
      /^40 results take [\d,]+ characters in a link, over the limit of 1,000: share fewer \(about \d+ fit\) or export a JSON file$/,
    );
    await expect(encodeShare([])).rejects.toThrow('there are no results to share');
  });

  it('say what is wrong with a bad link', async () => {
    const good = sharedFragment(`#${await encodeShare(RECORDS)}`)!;
    await expect(decodeShare(`2.${good.slice(2)}`)).rejects.toThrow(
      'the link carries results of schema 2; this page reads schema 1 (the link is from a newer paramscope)',
    );
    await expect(decodeShare('abc')).rejects.toThrow(/does not start with a schema number/);
    await expect(decodeShare('1.$$$')).rejects.toThrow('the link is damaged: not base64url');
    await expect(decodeShare(`${good.slice(0, 30)}`)).rejects.toThrow(/do not decompress/);
    const notRecords = await encodeShare([{ ...RECORDS[0]!, params: -1 }]);
    await expect(decodeShare(notRecords.slice(2))).rejects.toThrow(
      /^the link's results are not valid: not a paramscope result \(schema 1\): 0\.params/,
    );
  });
});
