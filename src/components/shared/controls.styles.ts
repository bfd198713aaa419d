import { css } from 'lit';

/** Shared by the chart elements' controls: fields, selects and the message under a bad one. */
export const controlStyles = css`
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 0.5rem 1.25rem;
    margin: 0.5rem 0;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
  }
  .field label {
    color: var(--ps-muted, #5a6273);
    font-size: 0.9em;
  }
  .field input,
  .field select {
    font: inherit;
    color: inherit;
    background: var(--ps-input-bg, #fff);
    border: 1px solid var(--ps-border, #d6dae3);
    border-radius: 4px;
    padding: 0.15rem 0.4rem;
  }
  .field input {
    width: 11ch;
    font-variant-numeric: tabular-nums;
  }
  .field [aria-invalid='true'] {
    border-color: var(--ps-bad, #a3261b);
    outline-color: var(--ps-bad, #a3261b);
  }
  .field-error {
    color: var(--ps-bad, #a3261b);
    font-size: 0.85em;
    margin: 0;
    max-width: 28ch;
  }
  .field-hint {
    color: var(--ps-muted, #5a6273);
    font-size: 0.85em;
    margin: 0;
  }
`;
