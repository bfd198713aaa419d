/**
 * A bound on every engine step of the protocol: a step that never resolves, or an engine whose
 * device is lost while a step waits on it, fails its (model, engine) pair with a reason instead
 * of holding the sweep forever. onnxruntime-web, for one, leaves a run pending when its device
 * is destroyed under it (issue 15).
 *
 * How long a step may take (docs/methodology.md, "Bounded steps"):
 * - before anything has run (prepare, load, the first run, which compiles the shaders):
 *   `setupFloorMs` plus `setupMsPerGiB` for each GiB of weights, since generating, uploading
 *   and compiling grow with the model;
 * - after that: `runFactor` times the longest step of this pair so far, and never less than
 *   `runFloorMs`. The first run includes shader compilation, so 10× it is a generous margin for
 *   a steady-state prefill or decode step.
 *
 * A step that rejects on its own while the device is lost (our engine's `mapAsync` rejects
 * with an AbortError) fails with the loss as its reason, where the loss is known within
 * LOSS_GRACE_MS of the rejection: the two arrive as separate tasks, in either order.
 */
import type { Engine } from '../engines/engine';

export interface StepBounds {
  readonly setupFloorMs: number;
  readonly setupMsPerGiB: number;
  readonly runFloorMs: number;
  readonly runFactor: number;
}

export const DEFAULT_STEP_BOUNDS: StepBounds = Object.freeze({
  setupFloorMs: 120_000,
  setupMsPerGiB: 120_000,
  runFloorMs: 30_000,
  runFactor: 10,
});

/** A step that ran past its bound, or whose engine's device was lost: its pair fails. */
export class StepBoundError extends Error {
  override readonly name = 'StepBoundError';
}

const BYTES_PER_GIB = 2 ** 30;

/** How long a failed step waits to learn whether its device was lost (failures only). */
export const LOSS_GRACE_MS = 250;

/** The bounds of one (model, engine) pair, learning from the steps it has timed. */
export class PairBound {
  private longestMs = 0;
  private readonly lost: Promise<never> | null;

  constructor(
    private readonly engine: Engine,
    private readonly weightBytes: number,
    private readonly bounds: StepBounds,
    private readonly now: () => number,
  ) {
    // A device already lost rejects at once, so every later step of the pair fails quickly.
    this.lost =
      engine.lost?.().then((reason) => {
        throw new StepBoundError(`${engine.id}: ${reason}`);
      }) ?? null;
    this.lost?.catch(() => {}); // observed by whichever step races it
  }

  /** How long the next `step` may take, in ms. */
  limitMs(setup: boolean): number {
    const { setupFloorMs, setupMsPerGiB, runFloorMs, runFactor } = this.bounds;
    if (setup || this.longestMs === 0) {
      return setupFloorMs + setupMsPerGiB * (this.weightBytes / BYTES_PER_GIB);
    }
    return Math.max(runFloorMs, runFactor * this.longestMs);
  }

  /**
   * `work` (one engine call), failed with a StepBoundError when it outlives its limit or the
   * engine's device is lost first (unless `evenIfLost`: freeing the engine is still worth
   * trying then). What `work` does later is dropped: it is not awaited again. `setup` steps
   * are bounded as if nothing had run yet.
   */
  async step<T>(
    what: string,
    work: () => Promise<T>,
    { setup = false, evenIfLost = false }: { setup?: boolean; evenIfLost?: boolean } = {},
  ): Promise<T> {
    const limitMs = this.limitMs(setup);
    const start = this.now();
    const running = work();
    running.catch(() => {}); // a step abandoned at its bound may still reject later
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new StepBoundError(
              `${this.engine.id}: ${what} did not finish within ${seconds(limitMs)} (its bound)`,
            ),
          ),
        limitMs,
      );
    });
    try {
      const lost = this.lost && !evenIfLost ? [this.lost] : [];
      const result = await Promise.race([running, timeout, ...lost]);
      this.longestMs = Math.max(this.longestMs, this.now() - start);
      return result;
    } catch (error) {
      if (error instanceof StepBoundError || evenIfLost) throw error;
      throw (await this.lossWithin(LOSS_GRACE_MS)) ?? error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The device's loss as a StepBoundError, if it is known within `ms`; null otherwise. */
  private async lossWithin(ms: number): Promise<StepBoundError | null> {
    if (!this.lost) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms);
    });
    try {
      return await Promise.race([this.lost.catch((loss: StepBoundError) => loss), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
