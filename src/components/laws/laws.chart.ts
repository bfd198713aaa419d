/**
 * Draws a LawsData with Observable Plot: log-log axes, one line per series (the emphasised
 * one thicker), labelled dots, the reader's budget as a dashed rule, and one tip for
 * everything. Plot arrives as an argument so that this module never imports it.
 */

import { formatCount, formatFlops } from '../../scaling/format';
import { flopsToPfDays, pfDaysToFlops } from '../../scaling/laws';
import { countTick, decades, decadeTick } from '../shared/axis';
import { formatLoss } from '../shared/format';
import type { PlotModule } from '../shared/plot';
import type { AxisKind, LabelAnchor, LabelledPoint, LawsData } from './laws.data';

const WIDTH = 720;
const HEIGHT = 440;

/** Where a label sits against its dot. */
const LABEL_PLACEMENT: Readonly<
  Record<LabelAnchor, { dx: number; dy: number; textAnchor: 'start' | 'middle' | 'end' }>
> = {
  left: { dx: -8, dy: 0, textAnchor: 'end' },
  right: { dx: 8, dy: 0, textAnchor: 'start' },
  top: { dx: 0, dy: -12, textAnchor: 'middle' },
  bottom: { dx: 0, dy: 13, textAnchor: 'middle' },
};

function tickFormat(kind: AxisKind): ((value: number) => string) | undefined {
  if (kind === 'count') return countTick;
  if (kind === 'flops') return decadeTick;
  return undefined; // loss spans less than a decade: Plot's own ticks (2, 3, …) read well
}

function valueText(kind: AxisKind, value: number): string {
  if (kind === 'count') return formatCount(value);
  if (kind === 'flops') return formatFlops(value);
  return formatLoss(value);
}

export function lawsFigure(Plot: PlotModule, data: LawsData): SVGSVGElement | HTMLElement {
  const { x, y } = data;
  const tipText = (series: string, at: { x: number; y: number }) =>
    `${series}\n${x.label.split(' (')[0]}: ${valueText(x.kind, at.x)}\n${y.label.split(' (')[0]}: ${valueText(y.kind, at.y)}`;
  const tipData = [
    ...data.curves.map((point) => ({ ...point, title: tipText(point.series, point) })),
    ...data.points.map((point) => ({ ...point, title: tipText(point.tip ?? point.label, point) })),
  ];
  const xs = [...data.curves, ...data.points].map((p) => p.x);
  const xDomain: [number, number] = [Math.min(...xs), Math.max(...xs)];

  const marks = [
    Plot.gridX({ ticks: decades(...xDomain), strokeOpacity: 0.08 }),
    Plot.gridY({ strokeOpacity: 0.08 }),
    Plot.axisX({ tickFormat: tickFormat(x.kind), label: x.label, labelAnchor: 'center' }),
    ...(data.pfDaysAxis
      ? [
          // Kaplan's compute unit, on the same scale: ticks at powers of ten of PF-days.
          Plot.axisX(
            decades(flopsToPfDays(xDomain[0]), flopsToPfDays(xDomain[1])).map(pfDaysToFlops),
            {
              anchor: 'top',
              // With a count of Infinity, d3's log tickFormat uses ours as is; otherwise it blanks
              // every tick whose mantissa is not "nice" (8.64e17 FLOPs is 0.01 PF-days).
              ticks: Number.POSITIVE_INFINITY,
              tickFormat: (flops: number) => decadeTick(flopsToPfDays(flops)),
              label: 'Training compute C (PF-days)',
              labelAnchor: 'center',
            },
          ),
        ]
      : []),
    Plot.line(data.curves, {
      x: 'x',
      y: 'y',
      z: 'series',
      stroke: 'series',
      strokeWidth: (point: { series: string }) => (point.series === data.emphasis ? 3 : 1.5),
      className: 'curve',
    }),
    ...(data.budgetRule
      ? [
          Plot.ruleX([data.budgetRule.x], { strokeDasharray: '4,3', className: 'budget-rule' }),
          Plot.text([data.budgetRule], {
            x: 'x',
            text: 'label',
            frameAnchor: 'top',
            // On the side of the rule with more room.
            ...(logFraction(data.budgetRule.x, xDomain) > 0.5
              ? { textAnchor: 'end', dx: -4 }
              : { textAnchor: 'start', dx: 4 }),
            dy: 4,
            className: 'halo',
          }),
        ]
      : []),
    Plot.dot(data.points, { x: 'x', y: 'y', r: 4, fill: 'currentColor', className: 'marker' }),
    ...labels(Plot, data.points),
    Plot.tip(tipData, Plot.pointer({ x: 'x', y: 'y', title: 'title' })),
  ];

  return Plot.plot({
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 56,
    marginRight: 24,
    marginTop: data.pfDaysAxis ? 48 : 28,
    marginBottom: 44,
    ariaLabel: data.title,
    ariaDescription: `${y.label} against ${x.label}, log-log. Series: ${data.series.join('; ')}.`,
    x: { type: 'log', domain: xDomain },
    y: { type: 'log', label: y.label, tickFormat: tickFormat(y.kind), inset: 8 },
    color: { legend: true, domain: [...data.series] },
    marks,
  });
}

/** Where `value` sits along a log axis over `domain`, from 0 to 1. */
function logFraction(value: number, [lo, hi]: readonly [number, number]): number {
  return hi > lo ? Math.log(value / lo) / Math.log(hi / lo) : 0.5;
}

/** One text mark per label anchor, each offset from its dots. */
function labels(Plot: PlotModule, points: readonly LabelledPoint[]) {
  const anchors = [...new Set(points.map((p) => p.anchor))];
  return anchors.map((anchor) =>
    Plot.text(
      points.filter((p) => p.anchor === anchor),
      { x: 'x', y: 'y', text: 'label', ...LABEL_PLACEMENT[anchor], className: 'halo marker-label' },
    ),
  );
}
