import { css } from 'lit';
import { chartStyles, tabStyles } from '../shared/chart.styles';
import { controlStyles } from '../shared/controls.styles';

export const styles = [
  chartStyles,
  tabStyles,
  controlStyles,
  css`
    .field select {
      max-width: 30ch;
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
  `,
];
