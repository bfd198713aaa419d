import { Task } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DeviceLoss, GpuContext, GpuProvider } from '../gpu';

/**
 * Gives an element the page's shared GPU device: acquires it when the element connects,
 * stops listening when it disconnects, and notices a lost device. The device itself belongs
 * to the provider (shared by the page), so disconnecting never destroys it. After a loss,
 * a fresh device that anyone acquires replaces the loss it shows.
 */
export class GpuController implements ReactiveController {
  /** The last device loss seen, until the next successful acquisition. */
  lost: DeviceLoss | null = null;
  readonly task: Task<[GpuProvider], GpuContext>;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly provider: () => GpuProvider,
    onError?: (error: unknown) => void,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([gpu]) => {
        const context = await gpu.acquire();
        this.lost = null;
        return context;
      },
      args: () => [this.provider()],
      ...(onError ? { onError } : {}),
    });
  }

  hostConnected(): void {
    this.listen();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Asks the provider again: after a loss it makes a fresh device. */
  retry(): void {
    this.listen();
    void this.task.run();
  }

  private listen(): void {
    this.unsubscribe?.();
    const provider = this.provider();
    const stopLost = provider.onLost((loss) => {
      this.lost = loss;
      this.host.requestUpdate();
    });
    // Someone else (a bench's re-run) got a fresh device: show it instead of the loss.
    const stopAcquired = provider.onAcquired(() => {
      if (this.lost) void this.task.run();
    });
    this.unsubscribe = () => {
      stopLost();
      stopAcquired();
    };
  }
}
