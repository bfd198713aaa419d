import { css, unsafeCSS } from 'lit';
import { ENGINE_IDS, ENGINES } from '../../engines/registry';
import { chartStyles, tabStyles } from '../shared/chart.styles';

/**
 * A series' marks (chart.plot.ts) and its legend entry carry the classes `engine-<id>` and
 * `dtype-<dtype>` and draw in `currentColor`, so one custom property colours both, and every
 * precision of an engine alike: `--ps-engine-<id>`, defaulting to the engine table's colour.
 * (The ids and colours are our own constants, not user input: unsafeCSS is safe here.)
 */
const engineColors = unsafeCSS(
  ENGINE_IDS.map(
    (id) => `.engine-${id} { color: var(--ps-engine-${id}, ${ENGINES[id].color}); }`,
  ).join('\n'),
);

/**
 * A second, third, fourth device shades its engine's colour (darker, lighter, darker still),
 * so one engine on two machines still reads as one engine; the legend names each device.
 */
const DEVICE_MIX = ['', 'black 35%', 'white 40%', 'black 60%'] as const;
const deviceShades = unsafeCSS(
  ENGINE_IDS.flatMap((id) =>
    DEVICE_MIX.slice(1).map(
      (mix, i) =>
        `.engine-${id}.device-${i + 1} { color: color-mix(in oklab, var(--ps-engine-${id}, ${ENGINES[id].color}), ${mix}); }`,
    ),
  ).join('\n'),
);

export const styles = [
  chartStyles,
  tabStyles,
  css`
    ${engineColors}
    ${deviceShades}
    .estimate {
      color: var(--ps-estimate, #868e96);
    }
    .floor {
      color: var(--ps-floor, #ae3ec9);
    }

    [part='tabs'] {
      margin-bottom: 0.5rem;
    }
    .legend {
      list-style: none;
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 1.25rem;
      margin: 0.25rem 0;
      padding: 0;
      font-size: 0.9em;
    }
    .legend .toggle {
      font: inherit;
      color: inherit;
      background: none;
      border: 1px solid transparent;
      border-radius: 4px;
      padding: 0 0.25rem;
      cursor: pointer;
      text-align: left;
    }
    .legend .toggle:hover,
    .legend .toggle:focus-visible {
      border-color: var(--ps-border, #d6dae3);
    }
    .legend .hidden .label,
    .legend .hidden .device,
    .legend .hidden .detail {
      text-decoration: line-through;
      opacity: 0.6;
    }
    .legend .hidden .swatch {
      background: none;
      border: 1.5px solid currentColor;
      box-sizing: border-box;
    }
    .legend .device {
      color: var(--ps-muted, #5a6273);
    }
    .legend .label {
      color: var(--ps-color, #1d2330);
      font-weight: 600;
    }
    .legend .detail {
      color: var(--ps-color, #1d2330);
      font-variant-numeric: tabular-nums;
    }
    .swatch {
      display: inline-block;
      width: 0.7em;
      height: 0.7em;
      margin-right: 0.3em;
      border-radius: 50%;
      background: currentColor;
      vertical-align: baseline;
    }
    /* f16 dots are squares (chart.plot.ts): so is their swatch. */
    .dtype-f16 .swatch {
      border-radius: 0;
    }
    .estimate .swatch {
      background: none;
      border: 1.5px dashed currentColor;
      box-sizing: border-box;
    }
    .floor .swatch {
      height: 0;
      width: 1.2em;
      border-radius: 0;
      background: none;
      border-top: 2px dotted currentColor;
      vertical-align: middle;
    }
    .caption {
      margin: 0.2rem 0 0;
    }
    .caption:empty {
      display: none;
    }
    [part='chart'] g.series > *:focus {
      outline: none;
      stroke-width: 3.5;
    }
    [part='chart'] g.series > *:focus-visible {
      outline: 2px solid var(--ps-accent, #3b5bdb);
    }
    .actions {
      display: flex;
      gap: 0.5rem;
      margin: 0.4rem 0 0;
    }
    .actions button {
      font: inherit;
      font-size: 0.9em;
    }
    details.compare .pick {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      margin: 0.4rem 0;
    }
    details.compare select {
      font: inherit;
      max-width: 100%;
    }
    /* A wide table scrolls inside the element rather than widening the page. */
    details.data .scroll {
      overflow-x: auto;
    }
    details.data td {
      white-space: nowrap;
    }
    [part='table'] td:last-child {
      white-space: normal;
      min-width: 12ch;
    }
    /* Engine, dtype and provider are words; the median (6th) is the value that is unstable. */
    [part='table'] td:nth-child(3),
    [part='table'] td:nth-child(4),
    [part='table'] td:nth-child(5),
    [part='table'] td:last-child {
      text-align: left;
    }
    tr.unstable td:nth-child(6) {
      font-style: italic;
    }
    .status.bad {
      color: var(--ps-bad, #a3261b);
      margin: 0.25rem 0;
    }
    .status.empty {
      color: var(--ps-muted, #5a6273);
    }
  `,
];
