import { css } from 'lit';

/**
 * The theme every element shares: its text and its panels, through the documented custom
 * properties (--ps-font, --ps-color, --ps-surface, --ps-border, --ps-radius).
 */
export const panelStyles = css`
  :host {
    font: var(--ps-font, 14px/1.45 system-ui, sans-serif);
    color: var(--ps-color, #1d2330);
  }
  [part='panel'] {
    border: 1px solid var(--ps-border, #d6dae3);
    border-radius: var(--ps-radius, 8px);
    background: var(--ps-surface, #fff);
    padding: 0.75rem 1rem;
  }
`;
