import { css } from 'lit';
import { chartStyles, tabStyles } from '../shared/chart.styles';
import { controlStyles } from '../shared/controls.styles';

export const styles = [
  chartStyles,
  tabStyles,
  controlStyles,
  css`
    :host {
      display: block;
      font: var(--ps-font, 14px/1.45 system-ui, sans-serif);
      color: var(--ps-color, #1d2330);
      background: var(--ps-surface, transparent);
    }
    [part='tabs'] {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      border-bottom: 1px solid var(--ps-border, #d6dae3);
    }
    .field select {
      max-width: 30ch;
    }
    [part='chart'].stale {
      opacity: 0.6;
    }
    [part='chart'] .halo text,
    [part='chart'] text.halo {
      paint-order: stroke;
      stroke: var(--ps-surface, #fff);
      stroke-width: 3px;
      stroke-linejoin: round;
    }
    [part='chart'] .marker {
      color: var(--ps-color, #1d2330);
    }
    .sources {
      margin: 0.25rem 0 0;
      padding-left: 1.1rem;
      font-size: 0.85em;
      color: var(--ps-muted, #5a6273);
    }
    .sources .series {
      color: var(--ps-color, #1d2330);
    }
    .sources a,
    details.data a {
      color: inherit;
    }
    .status.bad {
      color: var(--ps-bad, #a3261b);
    }
  `,
];
