/**
 * The roofline figures of a bench run, as text: the device's copy bandwidth, its matmul rate
 * against the GPU's f32 peak (datasheet), and each record's decode time against its bandwidth
 * floor — the share of the memory system a decode step really used. Printed by the Node
 * bench (scripts/node-bench), which takes the real-GPU figures of docs/benchmarks.md.
 */
import type { DeviceDescription } from '../gpu';
import { bandwidthFloorMs, type GpuSpec, gpuSpec } from '../scaling';
import type { ResultRecord } from './result';
import type { RooflineFigure } from './roofline';
import type { Spread } from './statistics';

/**
 * Adapter descriptions (Vulkan's device names) of the GPUs whose datasheet peak paramscope
 * knows, most specific first: an H100 with HBM3 is the SXM board, the PCIe one has HBM2e.
 */
const ADAPTER_NAMES: readonly [RegExp, string][] = [
  [/H200/i, 'h200-sxm'],
  [/H100.*PCIe/i, 'h100-pcie'],
  [/H100/i, 'h100-sxm'],
  [/A100.*80\s*GB/i, 'a100-80gb'],
  [/A100/i, 'a100-40gb'],
  [/V100/i, 'v100-sxm2-32gb'],
  [/\bT4\b/i, 't4'],
  [/RTX 3090/i, 'rtx-3090'],
  [/RTX 4090/i, 'rtx-4090'],
];

/** The datasheet of the GPU an adapter describes, or undefined when paramscope has none. */
export function gpuForAdapter(description: string): GpuSpec | undefined {
  const match = ADAPTER_NAMES.find(([pattern]) => pattern.test(description));
  return match && gpuSpec(match[1]);
}

export interface RoofReportInput {
  readonly description: Pick<DeviceDescription, 'vendor' | 'architecture' | 'description'>;
  /** The GPU's datasheet, when known. */
  readonly gpu: GpuSpec | undefined;
  /** The f32 peak in TFLOP/s given by hand; wins over the datasheet. */
  readonly peakTflops?: number;
  readonly bandwidth: RooflineFigure;
  readonly matmul: RooflineFigure;
  readonly records: readonly ResultRecord[];
}

const spread = (s: Spread, digits: number) =>
  `${s.median.toFixed(digits)} (p10–p90 ${s.p10.toFixed(digits)}–${s.p90.toFixed(digits)}, n ${s.n})`;

/** Markdown: the roofline, then one row per record with its share of the bandwidth floor. */
export function roofReport(input: RoofReportInput): string {
  const { description, gpu, bandwidth, matmul, records } = input;
  const peak =
    input.peakTflops !== undefined
      ? { flops: input.peakTflops * 1e12, source: 'given with --peak-tflops' }
      : gpu && { flops: gpu.fp32Flops, source: `${gpu.name}, datasheet` };
  const gbps = bandwidth.rate.median;
  const lines = [
    `**Device:** ${[description.vendor, description.architecture, description.description].filter(Boolean).join(' ')}`,
    '',
    `- copy bandwidth: ${spread(bandwidth.rate, 1)} GB/s — ${bandwidth.work}`,
    `- matmul (tiled, f32): ${spread(matmul.rate, 1)} GFLOP/s — ${matmul.work}` +
      (peak
        ? `; ${percent((matmul.rate.median * 1e9) / peak.flops)} of the f32 peak of ${(peak.flops / 1e12).toFixed(1)} TFLOP/s (${peak.source})`
        : '; f32 peak unknown for this adapter (pass --peak-tflops)'),
    '',
    '| model | weights | weight MiB | decode ms/token, median (p10–p90) | bandwidth floor ms | share of the floor reached |',
    '|---|---|---:|---|---:|---:|',
  ];
  for (const r of records) {
    const decode = r.decodeMsPerToken;
    const floor = bandwidthFloorMs(r.weightBytes, gbps);
    lines.push(
      `| ${r.model} | ${r.dtype}${r.flags.includes('f16-packed') ? ' (packed)' : ''} | ${(r.weightBytes / 2 ** 20).toFixed(1)} | ${
        decode
          ? `${decode.median.toFixed(3)} (${decode.p10.toFixed(3)}–${decode.p90.toFixed(3)})`
          : '—'
      } | ${floor.toFixed(3)} | ${decode ? percent(floor / decode.median) : '—'} |`,
    );
  }
  lines.push(
    '',
    `The floor is weight bytes ÷ the copy bandwidth above (${gbps.toFixed(1)} GB/s): a decode step reads every weight once. The share is floor ÷ median.`,
  );
  return lines.join('\n');
}

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
