import { expect, test } from '@playwright/test';

/**
 * onnxruntime-web makes a WebGPU device of its own, out of our reach: the init script wraps
 * `GPUAdapter.prototype.requestDevice` to keep every device the page makes, with the stack
 * that made it, and destroys the one made from ORT's bundle as ORT WebGPU's first timed
 * prefill starts. Before steps were bounded, that prefill never settled and the sweep hung.
 */
test("ORT's device destroyed mid-run fails that pair with the reason; later pairs run or say why not", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.addInitScript(() => {
    const w = window as unknown as {
      psResults: { engine: string }[];
      psFailures: { engine: string; message: string }[];
      psDone: boolean;
      psDestroyed: number;
    };
    w.psResults = [];
    w.psFailures = [];
    w.psDone = false;
    w.psDestroyed = 0;
    const made: { device: GPUDevice; byOrt: boolean }[] = [];
    const requestDevice = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor) {
      const byOrt = /ort[.-]/.test(new Error().stack ?? '');
      const device = await requestDevice.call(this, descriptor);
      made.push({ device, byOrt });
      return device;
    };
    document.addEventListener('ps-result', (e) => w.psResults.push((e as CustomEvent).detail));
    document.addEventListener('ps-progress', (e) => {
      const { engine, step, message } = (e as CustomEvent).detail;
      if (engine === 'ort-webgpu' && step === 'prefill' && w.psDestroyed === 0) {
        const ortDevices = made.filter((m) => m.byOrt);
        w.psDestroyed = ortDevices.length;
        setTimeout(() => {
          for (const { device } of ortDevices) device.destroy();
        }, 0);
      }
      if (step === 'failed') w.psFailures.push({ engine, message });
      if (step === 'sweep-done' || step === 'cancelled') w.psDone = true;
    });
  });
  const started = Date.now();
  await page.goto(
    '/?models=gpt2-3m&engines=ort-webgpu,ort-wasm,wgsl&seq=8&decode=2&repeats=3&autorun=1',
  );
  await page.waitForFunction(() => (window as unknown as { psDone: boolean }).psDone, null, {
    timeout: 200_000,
  });
  const { results, failures, destroyed } = await page.evaluate(() => {
    const w = window as unknown as {
      psResults: { engine: string }[];
      psFailures: { engine: string; message: string }[];
      psDestroyed: number;
    };
    return { results: w.psResults, failures: w.psFailures, destroyed: w.psDestroyed };
  });
  expect(destroyed).toBe(1); // ORT made one device, and it was the one destroyed
  expect(failures).toEqual([
    {
      engine: 'ort-webgpu',
      message: expect.stringMatching(
        /^StepBoundError: ort-webgpu: onnxruntime-web's WebGPU device was lost \(destroyed: /,
      ),
    },
    {
      // ORT's module runs one session call at a time, and the abandoned run never ends.
      engine: 'ort-wasm',
      message: expect.stringMatching(
        /^Error: onnxruntime-web is stuck in a run on a lost WebGPU device \(.*\) and runs one session at a time: reload the page to run it again$/,
      ),
    },
  ]);
  // Our engine, on the page's own device, is measured after both.
  expect(results.map((r) => r.engine)).toEqual(['wgsl']);
  // Ended by the loss, not by a timeout (the bounds are 30 s and more).
  expect(Date.now() - started).toBeLessThan(150_000);
});
