/**
 * Observable Plot, loaded on first use: the charts' only heavy dependency (with d3), so it
 * stays out of the embed's main chunk until an element draws — and an element draws only once
 * it is near the viewport (whenVisible), so a first visit downloads no chart it does not show.
 */
export type PlotModule = typeof import('@observablehq/plot');

let plot: Promise<PlotModule> | undefined;

export function loadPlot(): Promise<PlotModule> {
  plot ??= import('@observablehq/plot');
  return plot;
}

/** How near the viewport an element counts as visible: it draws as it is scrolled into view. */
const MARGIN = '0px';

const seen = new WeakSet<Element>();

/**
 * Resolves once `element` is within MARGIN of the viewport (at once if it has been before, or
 * where there is no IntersectionObserver), so that what it loads waits until it is seen.
 */
export function whenVisible(element: Element): Promise<void> {
  if (seen.has(element) || typeof IntersectionObserver === 'undefined') return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        seen.add(element);
        resolve();
      },
      { rootMargin: MARGIN },
    );
    observer.observe(element);
  });
}
