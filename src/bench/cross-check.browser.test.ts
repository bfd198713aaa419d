import { render } from 'lit';
import { describe, expect, inject, it } from 'vitest';
import { verifyTable } from '../components/bench/bench.results';
import { WgslEngine } from '../engines/wgsl/wgsl-engine';
import { pageGpu } from '../gpu';
import { gpt2Weights } from '../models/hub/checkpoint-source';
import { readHubModel } from '../models/hub/hub-model';
import { TINY_GPT2_REPO } from '../models/hub/tiny-gpt2';
import { crossCheck, crossCheckSummary, engineGreedyRun, referenceGreedyRun } from './cross-check';
import { generateText } from './generate';
import { crossCheckHub, verifyHubModel } from './page-run';
import { resultRecordSchema } from './result';
import { hubTokenizer, transformersGreedyRun } from './transformers-run';
import { VERIFY_TOLERANCE, type VerifyRow, verifyEngine } from './verify';

/**
 * In Chromium, WebGPU on SwiftShader: paramscope/tiny-gpt2, served by a local hub over HTTP,
 * read as a hub repo, run on our engine from its model.safetensors and on transformers.js from
 * its onnx/model.onnx (the same weights), each greedy on its own.
 */
const STEPS = 6;

/** Served beside it by the same command: tiny-gpt2 with every bias and norm nonzero. */
const CHECKING_REPO = 'paramscope/tiny-gpt2-checking';

describe('the checkpoint cross-check on paramscope/tiny-gpt2', () => {
  const prompt = [12, 200, 47, 88, 3, 150, 61];

  /** Our engine's free greedy run on the repo, read as a hub source from its safetensors. */
  async function oursOn(repo: string) {
    const hubUrl = inject('tinyGpt2HubUrl');
    const { model } = await readHubModel({ repo, hubUrl });
    const engine = new WgslEngine(pageGpu());
    await engine.prepare(model);
    await engine.load();
    try {
      return { hubUrl, model, run: await engineGreedyRun(engine, prompt, STEPS) };
    } finally {
      await engine.dispose();
    }
  }

  it('our engine runs the hub checkpoint as the CPU reference does (Verify)', async () => {
    const hubUrl = inject('tinyGpt2HubUrl');
    const { model } = await readHubModel({ repo: CHECKING_REPO, hubUrl });
    const report = await verifyEngine(model, new WgslEngine(pageGpu()));
    expect(report.model).toBe(CHECKING_REPO);
    expect(report.maxAbsDiff).toBeLessThanOrEqual(VERIFY_TOLERANCE);
    expect(report.pass).toBe(true);

    const ours = await oursOn(CHECKING_REPO);
    const reference = referenceGreedyRun(await gpt2Weights(model), prompt, STEPS);
    const check = crossCheck(['wgsl', 'reference'], ours.run, reference, prompt.length);
    expect(check.sameTokens).toBe(true);
    expect(check.pass).toBe(true);
  }, 120_000);

  const cases = [
    { repo: TINY_GPT2_REPO, device: 'wasm' },
    { repo: CHECKING_REPO, device: 'wasm' },
    { repo: CHECKING_REPO, device: 'webgpu' },
  ] as const;
  for (const { repo, device } of cases) {
    it(`${repo}: our engine and transformers.js (${device}) choose the same ${STEPS} tokens, logits within f32 tolerance`, async () => {
      const ours = await oursOn(repo);
      const theirs = await transformersGreedyRun(ours.model, prompt, STEPS, device);
      const check = crossCheck(
        ['wgsl', `transformers.js ${device}`],
        ours.run,
        theirs,
        prompt.length,
      );
      console.log(
        `cross-check ${repo} on transformers.js ${device}: tokens ${JSON.stringify(ours.run.sequence.slice(prompt.length))} vs ${JSON.stringify(theirs.sequence.slice(prompt.length))}, max |Δlogit| ${check.maxAbsDiff}`,
      );
      expect(theirs.sequence.slice(0, prompt.length)).toEqual(prompt);
      expect(check.steps).toHaveLength(STEPS);
      expect(check.sameTokens).toBe(true);
      expect(check.maxAbsDiff).toBeLessThanOrEqual(VERIFY_TOLERANCE);
      expect(check.pass).toBe(true);
    }, 180_000);
  }

  it('generates text: the repo’s tokenizer (transformers.js) around our engine’s greedy ids', async () => {
    const hubUrl = inject('tinyGpt2HubUrl');
    const { model } = await readHubModel({ repo: TINY_GPT2_REPO, hubUrl });
    const tokenizer = await hubTokenizer(TINY_GPT2_REPO, hubUrl);
    const prompt = 'The quick brown fox';
    const engine = new WgslEngine(pageGpu());
    await engine.prepare(model);
    await engine.load();
    try {
      const out = await generateText(engine, tokenizer, prompt, STEPS);
      expect(tokenizer.decode(out.promptIds)).toBe(prompt);
      expect(out.ids).toHaveLength(STEPS);
      expect(out.text).toBe(tokenizer.decode(out.ids));
      const reference = referenceGreedyRun(await gpt2Weights(model), out.promptIds, STEPS);
      expect(out.ids).toEqual(reference.sequence.slice(out.promptIds.length));
      console.log(
        `generated after ${JSON.stringify(prompt)}: ${JSON.stringify(out.text)} ${JSON.stringify(out.ids)}`,
      );
    } finally {
      await engine.dispose();
    }
  }, 120_000);

  it("crossCheckHub: the page's check, as a record carries it", async () => {
    const hubUrl = inject('tinyGpt2HubUrl');
    const { model } = await readHubModel({ repo: CHECKING_REPO, hubUrl });
    const report = await crossCheckHub(model, pageGpu(), { device: 'wasm', steps: 4 });
    const summary = crossCheckSummary(report);
    expect(resultRecordSchema.shape.crossCheck.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({
      against: 'transformers.js wasm',
      steps: 4,
      sameTokens: true,
      pass: true,
    });
    expect(summary.maxAbsDiff).toBeLessThanOrEqual(VERIFY_TOLERANCE);
  }, 120_000);

  it('Verify shows the hub checkpoint: against the reference, then against transformers.js', async () => {
    const hubUrl = inject('tinyGpt2HubUrl');
    const { model } = await readHubModel({ repo: CHECKING_REPO, hubUrl });
    const rows: VerifyRow[] = [];
    await verifyHubModel(model, pageGpu(), (row) => rows.push(row), ['wasm']);
    const table = document.createElement('div');
    render(verifyTable(rows), table);
    const cells = [...table.querySelectorAll('tbody tr')].map((tr) => ({
      against: tr.getAttribute('data-against'),
      verdict: tr.className,
      text: tr.textContent!.replace(/\s+/g, ' ').trim(),
    }));
    expect(cells).toHaveLength(2);
    expect(cells[0]).toMatchObject({ against: null, verdict: 'pass' });
    expect(cells[0]!.text).toContain('9 of 9');
    expect(cells[1]).toMatchObject({ against: 'transformers.js wasm', verdict: 'pass' });
    expect(cells[1]!.text).toContain('wgsl against transformers.js wasm');
    expect(cells[1]!.text).toContain('8 of 8');
  }, 120_000);
});
