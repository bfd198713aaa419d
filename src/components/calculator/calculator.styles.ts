import { css } from 'lit';
import { panelStyles } from '../shared/panel.styles';

export const styles = [
  panelStyles,
  css`
  :host {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
  }
  .model,
  .stale {
    grid-column: 1 / -1;
  }
  h3 {
    font-size: 1rem;
    margin: 0 0 0.5rem;
  }
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
  }
  label {
    display: flex;
    flex-direction: column;
    font-size: 0.85em;
    color: var(--ps-muted, #5a6273);
  }
  input,
  select {
    font: inherit;
    font-size: 1rem;
    color: var(--ps-color, #1d2330);
    width: 9rem;
  }
  input[aria-invalid='true'] {
    border-color: var(--ps-bad, #a3261b);
    outline-color: var(--ps-bad, #a3261b);
  }
  .field-error {
    color: var(--ps-bad, #a3261b);
    max-width: 14rem;
  }
  .stale {
    margin: 0;
    color: var(--ps-bad, #a3261b);
  }
  dl {
    display: grid;
    grid-template-columns: 1fr max-content;
    gap: 0.2rem 1rem;
    margin: 0.5rem 0 0;
  }
  dt {
    color: var(--ps-muted, #5a6273);
  }
  dd {
    margin: 0;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .total strong {
    font-size: 1.4rem;
    font-variant-numeric: tabular-nums;
  }
  .short,
  .published,
  .note {
    color: var(--ps-muted, #5a6273);
  }
  .note {
    font-size: 0.85em;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 0.1rem 0.75rem 0.1rem 0;
    text-align: left;
  }
  td {
    text-align: right;
    white-space: nowrap;
  }
  .weights thead th {
    font-size: 0.85em;
    vertical-align: bottom;
  }
  .weights thead th:not(:first-child) {
    text-align: right;
  }
  .verdict.fits {
    color: var(--ps-ok, #12734a);
  }
  .verdict.no-fit {
    color: var(--ps-bad, #a3261b);
  }
`,
];
