import { css } from 'lit';
import { panelStyles } from '../shared/panel.styles';

export const styles = [
  panelStyles,
  css`
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      padding: 0.2rem 0.6rem 0.2rem 0;
      border-bottom: 1px solid var(--ps-border, #d6dae3);
      vertical-align: top;
    }
    td:last-child {
      color: var(--ps-muted, #5a6273);
    }
    .ok {
      color: var(--ps-ok, #2b8a3e);
    }
    .bad {
      color: var(--ps-bad, #a3261b);
    }
  `,
];
