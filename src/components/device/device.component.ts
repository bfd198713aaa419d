import { html, LitElement, nothing } from 'lit';
import {
  type DeviceDescription,
  type GpuProvider,
  GpuUnavailableError,
  isSoftwareAdapter,
  type KeyLimit,
  pageGpu,
} from '../../gpu';
import { formatBytes } from '../../scaling/format';
import { emit } from '../events';
import { GpuController } from '../gpu-controller';
import { integer } from '../shared/format';
import { styles } from './device.styles';

/** The limits shown, in order, with how to print each. */
const binaryBytes = (bytes: number) => formatBytes(bytes, 'binary');

const SHOWN_LIMITS: readonly [KeyLimit, string, (n: number) => string][] = [
  ['maxBufferSize', 'Largest buffer', binaryBytes],
  ['maxStorageBufferBindingSize', 'Largest storage binding', binaryBytes],
  ['maxComputeWorkgroupStorageSize', 'Workgroup memory', binaryBytes],
  ['maxComputeInvocationsPerWorkgroup', 'Invocations per workgroup', integer],
  ['maxComputeWorkgroupsPerDimension', 'Workgroups per dimension', integer],
];

/**
 * WebGPU on this machine: whether it is there, and if so the adapter, its features and the
 * limits that decide which models fit. Without WebGPU it says so, says why, and says what
 * still works.
 *
 * @slot unavailable - What still works without WebGPU; replaces the default sentence.
 * @event ps-error - WebGPU could not be had (`detail.reason` is the GpuUnavailableError reason).
 * @csspart panel - The bordered box.
 * @csspart status - The one-line verdict.
 * @cssproperty --ps-font - Font of the element.
 * @cssproperty --ps-color - Text colour.
 * @cssproperty --ps-muted - Colour of labels and notes.
 * @cssproperty --ps-surface - Background of the panel.
 * @cssproperty --ps-border - Border colour of the panel.
 * @cssproperty --ps-radius - Corner radius of the panel.
 * @cssproperty --ps-chip - Background of each feature's chip.
 * @cssproperty --ps-ok - Colour of the "available" verdict.
 * @cssproperty --ps-bad - Colour of the "not available" verdict.
 */
export class PsDevice extends LitElement {
  static override styles = styles;

  /** Where the device comes from; the page's shared provider unless set (tests, embeds). */
  provider: GpuProvider = pageGpu();

  private readonly gpu = new GpuController(
    this,
    () => this.provider,
    (error) => emit(this, 'ps-error', { source: 'ps-device', ...describeError(error) }),
  );

  override render() {
    const { lost } = this.gpu;
    if (lost) {
      return html`<section part="panel">
        <h2>WebGPU</h2>
        <p part="status" class="bad">The GPU device was lost (${lost.reason}).</p>
        <p class="note">${lost.message} Results measured before the loss are kept.</p>
        <button @click=${() => this.gpu.retry()}>Get a new device</button>
      </section>`;
    }
    return this.gpu.task.render({
      pending: () => html`<section part="panel">
        <h2>WebGPU</h2>
        <p part="status">Looking for a WebGPU adapter…</p>
      </section>`,
      complete: ({ description }) => this.renderDevice(description),
      error: (error) => this.renderUnavailable(error),
    });
  }

  private renderDevice(d: DeviceDescription) {
    const name = [d.vendor, d.architecture].filter(Boolean).join(' · ') || 'unnamed adapter';
    return html`<section part="panel">
      <h2>WebGPU</h2>
      <p part="status" class="ok">Available: <span class="adapter">${name}</span></p>
      ${
        isSoftwareAdapter(d)
          ? html`<p class="note software">
              This adapter runs WebGPU in software on the CPU: results are correct, but its
              timings say nothing about a GPU.
            </p>`
          : nothing
      }
      <dl>
        ${d.description ? html`<dt>Description</dt><dd>${d.description}</dd>` : nothing}
        ${d.device ? html`<dt>Device</dt><dd>${d.device}</dd>` : nothing}
        ${SHOWN_LIMITS.map(
          ([key, label, format]) =>
            html`<dt>${label}</dt><dd data-limit=${key}>${format(d.limits[key])}</dd>`,
        )}
        <dt>Features</dt>
        <dd>
          <ul class="features">
            ${d.features.map((f) => html`<li>${f}</li>`)}
          </ul>
        </dd>
      </dl>
    </section>`;
  }

  private renderUnavailable(error: unknown) {
    const { reason, message } = describeError(error);
    return html`<section part="panel">
      <h2>WebGPU</h2>
      <p part="status" class="bad">WebGPU not available</p>
      <p class="why" data-reason=${reason}>${message}</p>
      <p class="note">
        <slot name="unavailable">
          Measurements on the GPU need WebGPU. Everything on this page that does not run on
          the GPU still works.
        </slot>
      </p>
    </section>`;
  }
}

function describeError(error: unknown): { reason: string; message: string } {
  return {
    reason: error instanceof GpuUnavailableError ? error.reason : 'error',
    message: error instanceof Error ? error.message : String(error),
  };
}
