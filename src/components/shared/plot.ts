/**
 * Observable Plot, loaded on first use: the charts' only heavy dependency (with d3), so it
 * stays out of the embed's main chunk until an element draws.
 */
export type PlotModule = typeof import('@observablehq/plot');

let plot: Promise<PlotModule> | undefined;

export function loadPlot(): Promise<PlotModule> {
  plot ??= import('@observablehq/plot');
  return plot;
}
