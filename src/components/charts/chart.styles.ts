import { css } from 'lit';

/** Shared by every element that draws a chart and offers its data as a table. */
export const chartStyles = css`
  figure {
    margin: 0;
  }
  [part='chart'] svg {
    max-width: 100%;
    height: auto;
    font: var(--ps-chart-font, 12px system-ui, sans-serif);
  }
  details.data {
    margin-top: 0.5rem;
  }
  details.data table {
    border-collapse: collapse;
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
  }
  details.data th,
  details.data td {
    padding: 0.15rem 0.6rem;
    border-bottom: 1px solid var(--ps-border, #d6dae3);
    text-align: right;
  }
  details.data th:first-child,
  details.data td:first-child {
    text-align: left;
  }
  .caption {
    color: var(--ps-muted, #5a6273);
    font-size: 0.9em;
  }
`;
