/**
 * From training FLOPs to wall-clock time, GPU-hours, money, energy and CO₂. Each step is one
 * multiplication; the assumptions (utilisation, price, power, PUE, grid) are arguments with
 * cited defaults, so a reader can see and change every one.
 */

/**
 * Power usage effectiveness, facility energy / IT energy: 1.58, the global average annual PUE
 * reported by the Uptime Institute Global Data Center Survey 2023. Hyperscale data centres
 * run lower (Google reports about 1.1 for its fleet); pass their figure when it applies.
 */
export const DEFAULT_PUE = 1.58;

/**
 * World-average carbon intensity of electricity generation: 480 gCO₂/kWh in 2023, Ember,
 * Global Electricity Review 2024 (https://ember-climate.org/insights/research/global-electricity-review-2024/).
 */
export const WORLD_GRID_GRAMS_CO2_PER_KWH = 480;

/** Carbon intensities worth comparing against, with their sources. */
export const GRID_INTENSITIES = Object.freeze({
  world2023: {
    gramsPerKWh: WORLD_GRID_GRAMS_CO2_PER_KWH,
    source: 'Ember, Global Electricity Review 2024 (world average, 2023)',
  },
  franceBloom: {
    gramsPerKWh: 57,
    source:
      'Luccioni et al. 2022, "Estimating the Carbon Footprint of BLOOM" (Jean Zay, French grid)',
  },
});

const SECONDS_PER_HOUR = 3600;

export interface TrainingTime {
  /** Wall-clock seconds. */
  seconds: number;
  /** GPU-hours: wall-clock hours × GPUs, what clouds bill. */
  gpuHours: number;
}

/**
 * Wall-clock time to execute `flops` on `gpus` GPUs each reaching `mfu` (model FLOPs
 * utilisation, 0–1; see REFERENCE_MFU) of `gpuPeakFlops` FLOP/s:
 *   seconds = flops / (gpuPeakFlops · mfu · gpus).
 */
export function trainingTime(opts: {
  flops: number;
  gpuPeakFlops: number;
  mfu: number;
  gpus: number;
}): TrainingTime {
  if (!(opts.mfu > 0 && opts.mfu <= 1))
    throw new RangeError(`mfu must be in (0, 1], got ${opts.mfu}`);
  if (!(opts.gpus >= 1)) throw new RangeError(`gpus must be at least 1, got ${opts.gpus}`);
  const seconds = opts.flops / (opts.gpuPeakFlops * opts.mfu * opts.gpus);
  return { seconds, gpuHours: (seconds / SECONDS_PER_HOUR) * opts.gpus };
}

/** Rental cost in US dollars: GPU-hours × price per GPU-hour. */
export function trainingCostUsd(gpuHours: number, usdPerGpuHour: number): number {
  return gpuHours * usdPerGpuHour;
}

/**
 * Facility energy in kWh: GPU-hours × GPU watts / 1000 × PUE. Board power (TDP) overstates
 * the average draw and the host CPUs, memory and network are left out; the two roughly
 * offset, and both are stated so a reader can adjust them.
 */
export function energyKWh(gpuHours: number, gpuWatts: number, pue: number = DEFAULT_PUE): number {
  return ((gpuHours * gpuWatts) / 1000) * pue;
}

/** Operational emissions in kg CO₂e: energy × grid carbon intensity (default: world average). */
export function emissionsKgCo2(
  kWh: number,
  gramsCo2PerKWh: number = WORLD_GRID_GRAMS_CO2_PER_KWH,
): number {
  return (kWh * gramsCo2PerKWh) / 1000;
}

export interface TrainingFootprint extends TrainingTime {
  usd: number;
  energyKWh: number;
  kgCo2: number;
}

/** Time, money, energy and CO₂ of a training run, chaining the functions above. */
export function trainingFootprint(opts: {
  flops: number;
  gpuPeakFlops: number;
  mfu: number;
  gpus: number;
  usdPerGpuHour: number;
  gpuWatts: number;
  pue?: number;
  gramsCo2PerKWh?: number;
}): TrainingFootprint {
  const time = trainingTime(opts);
  const kWh = energyKWh(time.gpuHours, opts.gpuWatts, opts.pue);
  return {
    ...time,
    usd: trainingCostUsd(time.gpuHours, opts.usdPerGpuHour),
    energyKWh: kWh,
    kgCo2: emissionsKgCo2(kWh, opts.gramsCo2PerKWh),
  };
}
