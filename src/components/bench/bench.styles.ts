import { css } from 'lit';
import { panelStyles } from '../shared/panel.styles';

export const styles = [
  panelStyles,
  css`
  :host {
    display: block;
  }
  [part='panel'] {
    margin-bottom: 0.75rem;
  }
  fieldset {
    border: 0;
    margin: 0 0 0.5rem;
    padding: 0;
  }
  legend {
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: flex-end;
  }
  label.field {
    display: flex;
    flex-direction: column;
    font-size: 0.85em;
    color: var(--ps-muted, #5a6273);
  }
  input,
  select,
  button {
    font: inherit;
  }
  label.field input {
    width: 6rem;
  }
  .field-error,
  .error {
    color: var(--ps-bad, #a3261b);
  }
  .field-error,
  .hint {
    font-size: 0.85em;
  }
  .muted,
  .spread,
  .provider {
    color: var(--ps-muted, #5a6273);
  }
  .spread {
    font-size: 0.85em;
  }
  ul.progress {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.25rem;
  }
  ul.progress li {
    display: grid;
    grid-template-columns: 14rem 10rem 1fr;
    gap: 0.5rem;
    align-items: center;
  }
  ul.progress li.skipped,
  ul.progress li.failed {
    grid-template-columns: 14rem 1fr;
  }
  progress {
    width: 100%;
  }
  .table-scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
    font-size: 0.9em;
  }
  th,
  td {
    padding: 0.2rem 0.6rem;
    border-bottom: 1px solid var(--ps-border, #d6dae3);
    text-align: right;
    white-space: nowrap;
  }
  th:first-child,
  thead th {
    text-align: left;
  }
  .results.dropping {
    outline: 2px dashed var(--ps-accent, #3b5bdb);
    outline-offset: 2px;
  }
  .share-link {
    width: 100%;
    font: inherit;
    font-size: 0.85em;
  }
  .drop-hint {
    font-size: 0.9em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
`,
];
