/**
 * Every event a paramscope element dispatches, typed once. They bubble and are composed, so
 * a blog page can listen on `document` whatever shadow roots sit in between.
 */

export interface PsErrorDetail {
  /** The element or step that failed: `"ps-device"`, `"gpt2-124m/load"`. */
  readonly source: string;
  readonly message: string;
  /** A machine-readable reason when there is one (`"no-adapter"`, `"GpuLimitError"`). */
  readonly reason?: string;
}

export interface PsEventDetails {
  'ps-error': PsErrorDetail;
}

export type PsEventName = keyof PsEventDetails;

export function emit<N extends PsEventName>(
  from: EventTarget,
  name: N,
  detail: PsEventDetails[N],
): boolean {
  return from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'ps-error': CustomEvent<PsErrorDetail>;
  }
}
