/**
 * Draws a ChartData with Observable Plot: log-log axes, and per series its p10–p90
 * whiskers, its dots (hollow when unstable) and its power-law fit; the memory estimate and
 * the bandwidth floor as dashed and dotted guides; one tip for everything. Plot arrives as
 * an argument so that this module never imports it.
 *
 * Every mark of a series carries the classes of seriesClass (`engine-<id> dtype-<dtype>`)
 * and draws in `currentColor`, so the engine's colour is a CSS custom property
 * (chart.styles.ts), shared with the HTML legend; the dots of a series are one mark with the
 * class `series`.
 */

import type { Precision } from '../../scaling/precision';
import { logDomain, logTicks } from '../shared/log-ticks';
import type { PlotModule } from '../shared/plot';
import { type ChartData, seriesClass, X_LABEL } from './chart.data';
import { METRICS } from './chart.metrics';

/** The width drawn when the element has not been measured (before layout, or in a test). */
export const DEFAULT_WIDTH = 720;
const HEIGHT = 420;
/** Narrower than this, the chart is drawn at this width and scrolls: ticks would collide. */
const MIN_WIDTH = 320;

/** A frame as wide as the element, and shorter on a phone so that it fits the screen. */
function frameSize(width: number): { width: number; height: number } {
  const w = Math.max(MIN_WIDTH, Math.round(width));
  return { width: w, height: Math.round(Math.min(HEIGHT, Math.max(260, w * 0.62))) };
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact' });

/**
 * How a precision is told from the others of its engine, whose colour it shares: by shape
 * and dash, which do not depend on seeing colour. Not by fill: a hollow dot is unstable.
 */
const DTYPE_MARKS: Readonly<
  Record<Precision, { readonly symbol: string; readonly fitDash: string | undefined }>
> = {
  f32: { symbol: 'circle', fitDash: undefined },
  f16: { symbol: 'square', fitDash: '6,3' },
  bf16: { symbol: 'diamond', fitDash: '6,3' },
  q8: { symbol: 'triangle', fitDash: '2,3' },
  q4: { symbol: 'star', fitDash: '1,2' },
};

export function chartFigure(
  Plot: PlotModule,
  data: ChartData,
  width = DEFAULT_WIDTH,
): SVGSVGElement | HTMLElement {
  const whiskers = data.points.flatMap((p) => (p.whisker ? [{ ...p, ...p.whisker }] : []));
  const xDomain = logDomain([
    ...data.points.map((p) => p.x),
    ...data.fits.flatMap((f) => f.prediction.map((p) => p.x)),
    ...data.estimates.map((p) => p.x),
    ...data.floor.map((p) => p.x),
  ]);
  const yDomain = logDomain([
    ...data.points.map((p) => p.y),
    ...whiskers.flatMap((w) => [w.lo, w.hi]),
    ...data.fits.flatMap((f) => [f.from.y, f.to.y]),
    ...data.fits.flatMap((f) => f.prediction.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y])),
    ...data.estimates.map((p) => p.y),
    ...data.floor.map((p) => p.y),
  ]);
  if (!xDomain || !yDomain) throw new Error('nothing to draw: no positive, finite value');
  const xTicks = logTicks(...xDomain);
  const yTicks = logTicks(...yDomain);
  const yTick = METRICS[data.metric].tick;
  // Room for the longest tick label (about 7 px a character at 12 px) and the axis label.
  const marginLeft = 30 + 7 * Math.max(...yTicks.map((t) => yTick(t).length));

  const seriesMarks = data.series.flatMap((series) => {
    const own = data.points.filter((p) => p.series === series.id);
    const fit = data.fits.find((f) => f.series === series.id);
    const classes = seriesClass(series);
    const { symbol, fitDash } = DTYPE_MARKS[series.dtype];
    return [
      Plot.ruleX(
        whiskers.filter((w) => w.series === series.id),
        {
          x: 'x',
          y1: 'lo',
          y2: 'hi',
          stroke: 'currentColor',
          className: `whisker ${classes}`,
        },
      ),
      ...(fit?.prediction.length
        ? [
            Plot.areaY(
              fit.prediction.filter((p) => p.lo !== null && p.hi !== null),
              {
                x: 'x',
                y1: 'lo',
                y2: 'hi',
                fill: 'currentColor',
                fillOpacity: 0.1,
                className: `prediction-band ${classes}`,
                ariaDescription: `${series.name}: 95% prediction interval`,
              },
            ),
            Plot.line(fit.prediction, {
              x: 'x',
              y: 'y',
              stroke: 'currentColor',
              strokeWidth: 1.25,
              strokeDasharray: '2,4',
              className: `prediction ${classes}`,
              ariaDescription: `${series.name}: the fit extended as a prediction, not measured`,
            }),
          ]
        : []),
      ...(fit
        ? [
            Plot.line([fit.from, fit.to], {
              x: 'x',
              y: 'y',
              stroke: 'currentColor',
              strokeWidth: 1.5,
              strokeOpacity: 0.8,
              strokeDasharray: fitDash,
              className: `fit ${classes}`,
              ariaDescription: `${series.name}: power-law fit, exponent ${fit.exponent.toFixed(2)}`,
            }),
          ]
        : []),
      Plot.dot(own, {
        x: 'x',
        y: 'y',
        r: 4.5,
        symbol,
        stroke: 'currentColor',
        strokeWidth: 1.5,
        // Unstable dots are rings. Every value is a colour, so Plot applies no colour scale.
        fill: (p: (typeof own)[number]) => (p.unstable ? 'none' : 'currentColor'),
        ariaLabel: (p: (typeof own)[number]) => `${p.model}${p.unstable ? ' (unstable)' : ''}`,
        // Each dot's own <title>: the same details as the tip, for a keyboard's focus too.
        title: (p: (typeof own)[number]) => p.title,
        ariaDescription: series.name,
        className: `series ${classes}`,
      }),
    ];
  });

  // A guide is computed from the weights' bytes, so each precision and way of holding it has a
  // line of its own (z).
  const guideMarks = [
    ...(data.estimates.length
      ? [
          Plot.line(data.estimates, {
            x: 'x',
            y: 'y',
            z: 'line',
            stroke: 'currentColor',
            strokeDasharray: '5,4',
            className: 'estimate',
          }),
          Plot.dot(data.estimates, {
            x: 'x',
            y: 'y',
            r: 5,
            stroke: 'currentColor',
            strokeDasharray: '2,2',
            fill: 'none',
            ariaDescription: 'estimate',
            className: 'estimate estimate-dot',
          }),
        ]
      : []),
    ...(data.floor.length
      ? [
          Plot.line(data.floor, {
            x: 'x',
            y: 'y',
            z: 'line',
            stroke: 'currentColor',
            strokeDasharray: '2,3',
            strokeWidth: 1.5,
            marker: 'tick-y',
            ariaDescription: 'bandwidth floor',
            className: 'floor',
          }),
        ]
      : []),
  ];

  // The end of each prediction has a tip of its own, which says it is not a measurement.
  const predictionTips = data.fits.flatMap((fit) => {
    const end = fit.prediction.at(-1);
    const series = data.series.find((s) => s.id === fit.series);
    if (!end || !series) return [];
    const interval =
      end.lo !== null && end.hi !== null
        ? `95% prediction interval ${yTick(end.lo)}–${yTick(end.hi)}`
        : 'no interval (2 sizes)';
    return [
      {
        x: end.x,
        y: end.y,
        title: `Prediction for ${series.name} at ${compact.format(end.x)} parameters: ${yTick(end.y)}\n${interval}\nThe fit extended past the sizes run: not a measurement`,
      },
    ];
  });
  const tips = [
    ...data.points.map(({ x, y, title }) => ({ x, y, title })),
    ...predictionTips,
    ...data.estimates,
    ...data.floor,
  ];

  const frame = frameSize(width);
  const figure = Plot.plot({
    width: frame.width,
    height: frame.height,
    marginLeft,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    ariaLabel: data.title,
    ariaDescription: `${data.yLabel} against parameter count, log-log. Series: ${data.legend.map((e) => e.label).join('; ')}.`,
    x: { type: 'log', domain: xDomain },
    y: { type: 'log', domain: yDomain },
    marks: [
      Plot.gridX(xTicks, { strokeOpacity: 0.08 }),
      Plot.gridY(yTicks, { strokeOpacity: 0.08 }),
      // With a count of Infinity, d3's log tickFormat uses ours as is (see laws.chart.ts).
      Plot.axisX(xTicks, {
        ticks: Number.POSITIVE_INFINITY,
        tickFormat: (n: number) => compact.format(n),
        label: X_LABEL,
        labelAnchor: 'center',
        labelArrow: 'none',
      }),
      Plot.axisY(yTicks, {
        ticks: Number.POSITIVE_INFINITY,
        tickFormat: yTick,
        label: data.yLabel,
        labelAnchor: 'center',
        labelArrow: 'none',
      }),
      ...guideMarks,
      ...seriesMarks,
      Plot.tip(tips, Plot.pointer({ x: 'x', y: 'y', title: 'title' })),
    ],
  });
  // Every measured point can be reached with Tab; its label and title say what it is.
  for (const dot of figure.querySelectorAll('g.series > *')) dot.setAttribute('tabindex', '0');
  return figure;
}
