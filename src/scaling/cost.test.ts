import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PUE,
  emissionsKgCo2,
  energyKWh,
  trainingCostUsd,
  trainingFootprint,
  trainingTime,
  WORLD_GRID_GRAMS_CO2_PER_KWH,
} from './cost';
import { gpuSpec } from './gpu-specs';

describe('training time, cost, energy and CO₂', () => {
  it('divides FLOPs by achieved throughput', () => {
    // 3.12e21 FLOPs on 10 GPUs of 312 TFLOP/s at 50%: 3.12e21 / 1.56e15 = 2e6 s.
    const t = trainingTime({ flops: 3.12e21, gpuPeakFlops: 312e12, mfu: 0.5, gpus: 10 });
    expect(t.seconds).toBeCloseTo(2e6, 3);
    expect(t.gpuHours).toBeCloseTo((2e6 / 3600) * 10, 6);
  });

  it('rejects an impossible utilisation', () => {
    expect(() => trainingTime({ flops: 1, gpuPeakFlops: 1, mfu: 1.5, gpus: 1 })).toThrow(
      RangeError,
    );
    expect(() => trainingTime({ flops: 1, gpuPeakFlops: 1, mfu: 0, gpus: 1 })).toThrow(RangeError);
  });

  it('multiplies out cost, energy and emissions with cited defaults', () => {
    expect(trainingCostUsd(1000, 2.49)).toBeCloseTo(2490, 9);
    // 1000 GPU-hours at 700 W = 700 kWh at the GPUs, × PUE 1.58.
    expect(energyKWh(1000, 700)).toBeCloseTo(700 * 1.58, 9);
    expect(DEFAULT_PUE).toBe(1.58);
    // 1000 kWh × 480 g/kWh = 480 kg.
    expect(emissionsKgCo2(1000)).toBeCloseTo(480, 9);
    expect(WORLD_GRID_GRAMS_CO2_PER_KWH).toBe(480);
  });

  it('chains everything in trainingFootprint', () => {
    const h100 = gpuSpec('h100-sxm');
    expect(h100).toBeDefined();
    const f = trainingFootprint({
      flops: 989.5e12 * 3600 * 0.4, // one hour of one H100 at 40% MFU
      gpuPeakFlops: h100!.halfPrecisionFlops,
      mfu: 0.4,
      gpus: 1,
      usdPerGpuHour: 2,
      gpuWatts: h100!.watts,
      pue: 1.1,
      gramsCo2PerKWh: 100,
    });
    expect(f.gpuHours).toBeCloseTo(1, 9);
    expect(f.usd).toBeCloseTo(2, 9);
    expect(f.energyKWh).toBeCloseTo(0.7 * 1.1, 9);
    expect(f.kgCo2).toBeCloseTo(0.077, 9);
  });
});
