import { css } from 'lit';
import { panelStyles } from '../shared/panel.styles';

export const styles = [
  panelStyles,
  css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1rem;
    margin: 0 0 0.5rem;
  }
  [part='status'] {
    font-weight: 600;
  }
  [part='status'].ok {
    color: var(--ps-ok, #12734a);
  }
  [part='status'].bad {
    color: var(--ps-bad, #a3261b);
  }
  .note {
    margin: 0.5rem 0 0;
    color: var(--ps-muted, #5a6273);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.2rem 1rem;
    margin: 0.5rem 0 0;
  }
  dt {
    color: var(--ps-muted, #5a6273);
  }
  dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  ul.features {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ul.features li {
    background: var(--ps-chip, #eef1f6);
    border-radius: 999px;
    padding: 0 0.5rem;
    font-size: 0.85em;
  }
  button {
    font: inherit;
    margin-top: 0.5rem;
  }
`,
];
