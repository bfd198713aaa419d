import { expect, test } from '@playwright/test';
import { collectErrors } from './console';

/**
 * The policy docs/embedding.md gives a host page: scripts from the page's own origin, and
 * WebAssembly compilation (onnxruntime-web's .wasm, naga is not on the page). No 'unsafe-eval':
 * nothing in paramscope may compile JavaScript from a string.
 */
const POLICY = "script-src 'self' 'wasm-unsafe-eval'";

test('under a strict CSP, both ORT engines and ours measure gpt2-3m with no EvalError or violation', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  // Serve the built page's HTML with the policy as a response header, as a host would.
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': POLICY },
      });
    },
  );
  await page.addInitScript(() => {
    const w = window as unknown as {
      psResults: unknown[];
      psFailures: string[];
      psDone: boolean;
      psViolations: string[];
    };
    w.psResults = [];
    w.psFailures = [];
    w.psViolations = [];
    w.psDone = false;
    document.addEventListener('securitypolicyviolation', (e) =>
      w.psViolations.push(
        `${e.violatedDirective}: ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      ),
    );
    document.addEventListener('ps-result', (e) => w.psResults.push((e as CustomEvent).detail));
    document.addEventListener('ps-progress', (e) => {
      const { step, message } = (e as CustomEvent).detail;
      if (step === 'failed') w.psFailures.push(message);
      if (step === 'sweep-done' || step === 'cancelled') w.psDone = true;
    });
  });
  const response = await page.goto(
    '/?models=gpt2-3m&engines=wgsl,ort-webgpu,ort-wasm&seq=8&decode=2&repeats=2&autorun=1',
  );
  expect(response?.headers()['content-security-policy']).toBe(POLICY);
  await page.waitForFunction(() => (window as unknown as { psDone: boolean }).psDone, null, {
    timeout: 200_000,
  });
  const { results, failures, violations } = await page.evaluate(() => {
    const w = window as unknown as {
      psResults: { engine: string; provider: string }[];
      psFailures: string[];
      psViolations: string[];
    };
    return { results: w.psResults, failures: w.psFailures, violations: w.psViolations };
  });
  expect(failures).toEqual([]);
  expect(violations).toEqual([]);
  expect(results.map((r) => [r.engine, r.provider])).toEqual([
    ['wgsl', 'webgpu'],
    ['ort-webgpu', 'webgpu'],
    ['ort-wasm', 'wasm'],
  ]);
  expect(errors.filter((e) => /EvalError|Content Security Policy|unsafe-eval/i.test(e))).toEqual(
    [],
  );
  expect(errors).toEqual([]);
});
