import { css } from 'lit';
import { chartStyles } from '../shared/chart.styles';
import { controlStyles } from '../shared/controls.styles';

export const styles = [
  chartStyles,
  controlStyles,
  css`
    :host {
      display: block;
      font: var(--ps-font, 14px/1.45 system-ui, sans-serif);
      color: var(--ps-color, #1d2330);
      background: var(--ps-surface, transparent);
    }
    [part='chart'].stale {
      opacity: 0.6;
    }
    [part='chart'] .gap-band {
      fill: var(--ps-gap, #e9b949);
    }
    [part='chart'] .halo text,
    [part='chart'] text.halo {
      paint-order: stroke;
      stroke: var(--ps-surface, #fff);
      stroke-width: 3px;
      stroke-linejoin: round;
    }
    [part='chart'] .gap-label {
      font-style: italic;
    }
    .count,
    .cutoff {
      margin: 0.35rem 0 0;
      font-size: 0.9em;
    }
    figcaption a,
    details.data a {
      color: inherit;
    }
    details.data td:nth-child(2),
    details.data td:nth-child(4),
    details.data td:nth-child(7),
    details.data td:nth-child(8) {
      text-align: left;
    }
    tr.estimate td:nth-child(5) {
      font-style: italic;
    }
    .status.bad {
      color: var(--ps-bad, #a3261b);
    }
  `,
];
