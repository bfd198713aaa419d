/**
 * The bench of our engine in Node, on Dawn: for a machine with a GPU but no browser (the lent
 * GPU of docs/testing.md), and for anyone who wants our kernels' figures without a page. The
 * same protocol and ResultRecords as the page's bench (`npm run bench`), our engine only (the
 * ORT engines run in a browser), and the figures the roofline asks for: copy bandwidth, matmul
 * rate against the GPU's f32 peak, and each model's decode time against its bandwidth floor.
 *
 *   npm run bench:node -- --models gpt2-124m,gpt2-355m --dtype f16 --json out.json
 *
 * Options: --models, --dtype (f32 | f16 | q8 | q4), --seq, --decode, --repeats (as the URL),
 * --json FILE (the records, schema 1), --peak-tflops N (the GPU's f32 peak, when its name is
 * not one paramscope knows), --swiftshader (Debian Chromium's software Vulkan driver instead
 * of the machine's: for the tests, and a machine without a GPU). Dawn picks the adapter,
 * preferring a high-performance one; VK_ICD_FILENAMES chooses among Vulkan drivers on Linux.
 *
 * `npm run build` makes dist-node/node-bench.mjs; docs/benchmarks.md says how to run it on a
 * GPU machine that has no npm.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { create, globals } from 'webgpu';
import { gpuForAdapter, roofReport } from '../../src/bench/gpu-report';
import { type BenchOptions, DEFAULT_BENCH_OPTIONS, runSweep } from '../../src/bench/protocol';
import { measureBandwidth, measureMatmul, rooflineSizes } from '../../src/bench/roofline';
import { WGSL_PRECISIONS, type WgslPrecision } from '../../src/engines/wgsl/wgsl-engine';
import { GpuProvider, GpuUnavailableError, isSoftwareAdapter, ProgramRunner } from '../../src/gpu';
import { ladderModel } from '../../src/models/ladder';
import { dawnVulkanEnv } from '../chromium.mjs';
import { MeasuredWgslEngine, type StepCpuSamples, stepCpuTable } from './step-cpu';

const { values: args } = parseArgs({
  options: {
    models: { type: 'string', default: 'gpt2-3m,gpt2-7m' },
    dtype: { type: 'string', default: 'f32' },
    seq: { type: 'string', default: String(DEFAULT_BENCH_OPTIONS.promptTokens) },
    decode: { type: 'string', default: String(DEFAULT_BENCH_OPTIONS.decodeTokens) },
    repeats: { type: 'string', default: String(DEFAULT_BENCH_OPTIONS.repeats) },
    json: { type: 'string' },
    'peak-tflops': { type: 'string' },
    swiftshader: { type: 'boolean', default: false },
  },
});

// This bench runs our engine alone (its entry in src/engines/registry.ts lists the same).
const held: readonly string[] = WGSL_PRECISIONS;
if (!held.includes(args.dtype)) {
  throw new Error(`--dtype ${args.dtype}: our engine holds ${held.join(' or ')}`);
}
const dtype = args.dtype as WgslPrecision;
const options: BenchOptions = {
  ...DEFAULT_BENCH_OPTIONS,
  engines: ['wgsl'],
  dtype,
  promptTokens: Number(args.seq),
  decodeTokens: Number(args.decode),
  repeats: Number(args.repeats),
};

// Before Dawn starts: the Vulkan loader reads the variables when Dawn makes its instance.
if (args.swiftshader) Object.assign(process.env, dawnVulkanEnv());
Object.assign(globalThis, globals);
const dawn = create([]);
const gpu = new GpuProvider({ gpu: () => dawn });
const context = await gpu.acquire().catch((error: unknown) => {
  const why = error instanceof GpuUnavailableError ? error.reason : String(error);
  console.error(
    `Dawn found no usable adapter (${why}): no Vulkan driver of a GPU here? ` +
      '--swiftshader runs on Debian Chromium’s software driver instead (not GPU timings).',
  );
  process.exit(1);
});
const { description } = context;
console.error(
  `device: ${description.vendor} ${description.architecture} ${description.description}`,
);

// The roofline first, on an idle device, and its buffers returned before any model loads.
const runner = new ProgramRunner(context);
const sizes = rooflineSizes(isSoftwareAdapter(description));
const bandwidth = await measureBandwidth(runner, sizes);
const matmulRate = await measureMatmul(runner, sizes);
await context.buffers.trimWhenIdle();

const stepCpu: StepCpuSamples[] = [];
const records = await runSweep(
  args.models.split(',').map((id) => ladderModel(id.trim())),
  options,
  {
    createEngine: () => {
      const engine = new MeasuredWgslEngine(gpu, { dtype });
      engine.sink = stepCpu;
      return engine;
    },
    limits: description.limits,
    browser: `Node ${process.version}, Dawn (webgpu package)`,
    now: () => performance.now(),
    isHidden: () => false,
  },
  {
    onProgress: ({ model, step, done, total, message }) => {
      if (model && (step === 'done' || step === 'skipped' || step === 'failed')) {
        console.error(`  ${model}: ${step}${message ? ` (${message})` : ''} ${done}/${total}`);
      }
    },
  },
);

const peakTflops = args['peak-tflops'] === undefined ? undefined : Number(args['peak-tflops']);
console.log(
  roofReport({
    description,
    gpu: gpuForAdapter(description.description),
    peakTflops,
    bandwidth,
    matmul: matmulRate,
    records,
  }),
);
console.log(`\n${stepCpuTable(dtype, stepCpu)}`);
if (args.json) writeFileSync(args.json, JSON.stringify(records, null, 2));
await gpu.destroyDevice();
