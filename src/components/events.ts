/**
 * Every event a paramscope element dispatches, typed once. They bubble and are composed, so
 * a blog page can listen on `document` whatever shadow roots sit in between.
 */

import type { FitVerdict } from '../bench/fits-device';
import type { DecodePrediction, PrefillPrediction } from '../bench/predict';
import type { Progress } from '../bench/protocol';
import type { ResultRecord } from '../bench/result';

export interface PsErrorDetail {
  /** The element or step that failed: `"ps-device"`, `"gpt2-124m/load"`. */
  readonly source: string;
  readonly message: string;
  /** A machine-readable reason when there is one (`"no-adapter"`, `"GpuLimitError"`). */
  readonly reason?: string;
}

/**
 * Where a bench sweep is: one step of one model on one engine (`model`, `engine` set), or the
 * sweep as a whole (`sweep-done`, `cancelled`; both null). `done` of `total` units (timed runs)
 * drive a progress bar; `message` says why a size was skipped or a step failed.
 */
export type PsProgressDetail = Progress;

export interface PsEventDetails {
  'ps-error': PsErrorDetail;
  'ps-progress': PsProgressDetail;
  /** One finished measurement (docs/results.md). */
  'ps-result': ResultRecord;
  /** A bench's whole history changed (restored from storage, imported, cleared): all of it. */
  'ps-history': PsHistoryDetail;
  'ps-roofline': PsRooflineDetail;
  'ps-prediction': PsPredictionDetail;
}

/**
 * What <ps-predict> read of a hub model or a file of the user's and predicts of it: exact figures from its headers,
 * each precision's weight bytes marked exact or estimate, the memory figures, and the decode
 * prediction from this device's fit (src/bench/predict.ts), or null before any measurement.
 */
export interface PsPredictionDetail {
  readonly model: string;
  /** Exact: the total, and parameters and bytes per dtype as stored (`F16`, `Q4_K`, `FLOAT`). */
  readonly params: {
    readonly total: number;
    readonly byDtype: Readonly<Record<string, { readonly params: number; readonly bytes: number }>>;
    /** Embedding parameters, where the architecture's count agrees with the headers'; else null. */
    readonly embedding: number | null;
  };
  /** Bytes downloaded to know all this. */
  readonly bytesRead: number;
  readonly weightBytes: Readonly<
    Record<string, { readonly bytes: number; readonly kind: 'exact' | 'estimate' }>
  >;
  readonly memory: {
    readonly kvPerToken: number;
    readonly context: number;
    readonly kvAtContext: number;
    readonly largestTensor: { readonly name: string; readonly bytes: number } | null;
  };
  readonly prediction: DecodePrediction | null;
  /** Prefill at the prompt length this device measured most; null before any measurement. */
  readonly prefill: PrefillPrediction | null;
  /** Weights + KV cache at the context, and every reason it won't fit this device's limits. */
  readonly fit: FitVerdict;
}

/** The roofline micro-benchmarks of the page's device (src/bench/roofline.ts). */
export interface PsRooflineDetail {
  /** Copy bandwidth, GB/s (10⁹ bytes), median of the timed runs. */
  readonly bandwidthGBs: number;
  /** Matmul rate of our tiled kernel, GFLOP/s, median. */
  readonly matmulGflops: number;
}

export interface PsHistoryDetail {
  readonly records: readonly ResultRecord[];
}

export type PsEventName = keyof PsEventDetails;

export function emit<N extends PsEventName>(
  from: EventTarget,
  name: N,
  detail: PsEventDetails[N],
): boolean {
  return from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** Each event of PsEventDetails as a CustomEvent of its detail type. */
type PsEventMap = { [N in PsEventName]: CustomEvent<PsEventDetails[N]> };

// Derived from PsEventDetails, so that a new event is declared in one place and
// `element.addEventListener('ps-…', (e) => e.detail)` is typed on every element.
declare global {
  interface HTMLElementEventMap extends PsEventMap {}
}
