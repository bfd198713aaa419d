import { css } from 'lit';
import { chartStyles } from '../shared/chart.styles';
import { controlStyles } from '../shared/controls.styles';

export const styles = [
  chartStyles,
  controlStyles,
  css`
    [part='chart'] .gap-band {
      fill: var(--ps-gap, #e9b949);
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
  `,
];
