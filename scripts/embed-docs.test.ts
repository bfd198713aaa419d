import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOC_PATH, elementsOf, fillDoc, type Manifest, renderBlocks } from './embed-docs.mjs';

/** The manifest of the sources as they are, as `npm run build:manifest` makes it. */
async function analyze(outdir: string): Promise<Manifest> {
  // The analyzer joins --outdir to the working directory, even an absolute one.
  const args = ['analyze', '--quiet', '--outdir', relative(process.cwd(), outdir)];
  await promisify(execFile)('node_modules/.bin/cem', args);
  return JSON.parse(await readFile(join(outdir, 'custom-elements.json'), 'utf8'));
}

describe('embed-docs: docs/embedding.md from the custom-elements manifest', () => {
  let outdir = '';
  let manifest: Manifest;
  let blocks: Map<string, string>;

  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'paramscope-cem-'));
    manifest = await analyze(outdir);
    blocks = renderBlocks(manifest);
  }, 60_000);
  afterAll(() => rm(outdir, { recursive: true, force: true }));

  it('finds every <ps-*> element, with its tag', () => {
    expect(elementsOf(manifest).map((e) => e.tagName)).toEqual([
      'ps-bench',
      'ps-calculator',
      'ps-chart',
      'ps-device',
      'ps-laws',
      'ps-predict',
      'ps-timeline',
    ]);
  });

  it("lists ps-bench's attributes, the URL's names, and no state as an attribute", () => {
    const bench = blocks.get('ps-bench') ?? '';
    expect(bench).toContain(
      '| `models` | `models` |  | Models to run, comma-separated: ladder ids',
    );
    expect(bench).toContain('| `url-state` | `urlState` | `false` |');
    expect(bench).toContain('| `roofline` | `roofline` | `false` |');
    expect(bench).toContain('| `start()` |');
    expect(bench).toContain('| `::part(verify)` |');
    expect(bench).not.toMatch(/`(history|progress|notice|verifyReports)`/);
  });

  it('names the attribute, not the field, where they differ', () => {
    const chart = blocks.get('ps-chart') ?? '';
    expect(chart).toContain('| `for` | `htmlFor` |');
    // `records` is both: a JSON attribute (a private field) and an array property.
    expect(chart).toContain('| `records` |  |  |');
    expect(chart).toContain('| `records` | `ResultRecord[]` |');
    expect(chart).toContain('&lt;ps-bench>');
  });

  it('gives each event the element that fires it, ps-roofline included', () => {
    const events = blocks.get('events') ?? '';
    expect(events).toContain('| `ps-roofline` | `<ps-bench>` |');
    expect(events).toContain('| `ps-error` | `<ps-device>` |');
    expect(events).toContain('| `ps-prediction` | `<ps-predict>` |');
    expect(events.match(/\| `ps-error` \|/g)).toHaveLength(7 - 1); // all but the calculator
  });

  it('replaces only what is between the markers, and refuses a doc that lacks a block', async () => {
    const doc = await readFile(DOC_PATH, 'utf8');
    const stale = doc.replace(
      /(<!-- manifest:events:start -->\n)[\s\S]*?(<!-- manifest)/,
      '$1| old |\n$2',
    );
    const filled = fillDoc(stale, blocks);
    expect(filled).not.toContain('| old |');
    expect(filled).toContain('All events bubble and are composed');
    const withoutTimeline = doc.replace(/<!-- manifest:ps-timeline:(start|end) -->/g, '');
    expect(() => fillDoc(withoutTimeline, blocks)).toThrow(/no block for ps-timeline/);
  });
});
