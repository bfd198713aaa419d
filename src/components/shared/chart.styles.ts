import { css } from 'lit';

/**
 * Shared by every element that draws a chart and offers its data as a table: the host's
 * theme, the figure, the chart dimmed while it is redrawn, label halos, and the table.
 */
export const chartStyles = css`
  :host {
    display: block;
    font: var(--ps-font, 14px/1.45 system-ui, sans-serif);
    color: var(--ps-color, #1d2330);
    background: var(--ps-surface, transparent);
  }
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
  details.data caption {
    text-align: left;
    font-weight: 600;
    padding: 0.5rem 0 0.2rem;
  }
  details.data th[scope='row'] {
    font-weight: normal;
    text-align: left;
  }
  .caption {
    color: var(--ps-muted, #5a6273);
    font-size: 0.9em;
  }
  [part='chart'].stale {
    opacity: 0.6;
  }
  /* Text over lines and dots stays legible on a stroke of the background. */
  [part='chart'] .halo text,
  [part='chart'] text.halo {
    paint-order: stroke;
    stroke: var(--ps-surface, #fff);
    stroke-width: 3px;
    stroke-linejoin: round;
  }
  .status.bad {
    color: var(--ps-bad, #a3261b);
  }
`;

/** The row of tabs (shared/tabs.ts) of the elements that switch views. */
export const tabStyles = css`
  [part='tabs'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    border-bottom: 1px solid var(--ps-border, #d6dae3);
  }
  [role='tab'] {
    font: inherit;
    color: var(--ps-muted, #5a6273);
    background: none;
    border: 1px solid transparent;
    border-bottom: none;
    border-radius: 6px 6px 0 0;
    padding: 0.3rem 0.7rem;
    cursor: pointer;
  }
  [role='tab'][aria-selected='true'] {
    color: var(--ps-color, #1d2330);
    border-color: var(--ps-border, #d6dae3);
    background: var(--ps-surface, #fff);
    box-shadow: inset 0 3px 0 var(--ps-accent, #3b5bdb);
    margin-bottom: -1px;
  }
  [role='tab']:focus-visible {
    outline: 2px solid var(--ps-accent, #3b5bdb);
    outline-offset: -2px;
  }
`;
