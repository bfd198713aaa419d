/**
 * Draws the timeline with Observable Plot: parameters against date on a log axis, the
 * parameter-gap band behind the dots, estimates as hollow dashed rings with a label, and one
 * tip for every dot. Plot arrives as an argument so that this module never imports it.
 */
import type { NotableModel } from '../../scaling/notable-models';
import { countTick } from '../shared/axis';
import type { PlotModule } from '../shared/plot';
import { type ColorBy, colorKey, DOMAIN_FILTERS, PARAMETER_GAP, tipText } from './timeline.data';

/** A model placed on the chart. */
export interface TimelinePoint {
  readonly model: NotableModel;
  /** Publication date; a month-only date is the first of its month. */
  readonly when: Date;
}

/** Colour groups in a fixed order, so that a colour keeps its meaning across filters. */
const GROUPS: Readonly<Record<ColorBy, readonly string[]>> = {
  domain: DOMAIN_FILTERS.filter((d) => d !== 'all'),
  weights: ['open weights', 'closed weights'],
};

export function timelineFigure(
  Plot: PlotModule,
  points: readonly TimelinePoint[],
  colorBy: ColorBy,
): SVGSVGElement | HTMLElement {
  const rows = points.map((p) => ({
    when: p.when,
    parameters: p.model.parameters,
    group: colorKey(p.model, colorBy),
    estimate: p.model.estimate === true,
    label: `${p.model.name} (estimate)`,
    title: tipText(p.model),
  }));
  const published = rows.filter((r) => !r.estimate);
  const estimates = rows.filter((r) => r.estimate);
  const band = [{ y1: PARAMETER_GAP.lo, y2: PARAMETER_GAP.hi }];

  return Plot.plot({
    width: 720,
    height: 440,
    marginLeft: 52,
    marginRight: 16,
    ariaLabel: 'Parameters of notable models over time',
    ariaDescription: `${rows.length} models, parameters on a log axis, the ${PARAMETER_GAP.label} shaded.`,
    // Insets keep the outermost dots (r 6) inside the frame rather than on its edge.
    x: { type: 'utc', label: 'Publication date', inset: 10 },
    y: {
      type: 'log',
      inset: 10,
      label: 'Parameters',
      tickFormat: countTick,
      grid: true,
    },
    color: { legend: true, domain: [...GROUPS[colorBy]] },
    marks: [
      // Spans the frame's width: no x channel.
      Plot.rect(band, {
        y1: 'y1',
        y2: 'y2',
        fill: '#e9b949',
        fillOpacity: 0.25,
        className: 'gap-band',
        // The band can reach past the models' range: it is cut at the frame, not drawn outside.
        clip: 'frame',
        ariaLabel: () => `${PARAMETER_GAP.label} (${PARAMETER_GAP.citation})`,
      }),
      Plot.text(band, {
        y: () => Math.sqrt(PARAMETER_GAP.lo * PARAMETER_GAP.hi),
        text: () => `${PARAMETER_GAP.label} (Villalobos et al. 2022)`,
        frameAnchor: 'left',
        textAnchor: 'start',
        dx: 6,
        className: 'gap-label halo',
      }),
      Plot.dot(published, {
        x: 'when',
        y: 'parameters',
        fill: 'group',
        r: 4,
        fillOpacity: 0.85,
        className: 'model',
      }),
      Plot.dot(estimates, {
        x: 'when',
        y: 'parameters',
        stroke: 'group',
        fill: 'none',
        r: 6,
        strokeWidth: 1.5,
        strokeDasharray: '2,2',
        className: 'estimate',
      }),
      Plot.text(estimates, {
        x: 'when',
        y: 'parameters',
        text: 'label',
        textAnchor: 'end',
        dx: -9,
        clip: 'frame',
        className: 'estimate-label halo',
      }),
      Plot.tip(rows, Plot.pointer({ x: 'when', y: 'parameters', title: 'title' })),
    ],
  });
}
