import { PsTimeline } from './timeline.component';

export { PsTimeline };

if (!customElements.get('ps-timeline')) customElements.define('ps-timeline', PsTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'ps-timeline': PsTimeline;
  }
}
