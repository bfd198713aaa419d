/**
 * Power-law fits y = c · x^k by ordinary least squares on (log₁₀ x, log₁₀ y): how latency
 * or memory grows with parameter count, as Kaplan et al. 2020 fit their laws as straight
 * lines on log-log axes.
 */
import { studentTQuantile } from './student-t';

export interface PowerLawFit {
  /** c in y = c · x^k. */
  coefficient: number;
  /** k in y = c · x^k: the slope on log-log axes. */
  exponent: number;
  /** Coefficient of determination of the log-log line (1 also when every y is equal). */
  r2: number;
  /**
   * 95% confidence interval of the exponent: k ± t₀.₉₇₅,ₙ₋₂ · SE(k), with Student's t on
   * n − 2 degrees of freedom. null with 2 points: a line through 2 points has no residual
   * to estimate the error from.
   */
  exponentInterval: [number, number] | null;
  /** Number of points fitted. */
  n: number;
  /** c · x^k. */
  predict(x: number): number;
  /**
   * 95% prediction interval of one new y at `x`: on the log-log line,
   *   log ŷ ± t₀.₉₇₅,ₙ₋₂ · s · √(1 + 1/n + (log x − mean log x)² / Sxx),
   * with s the residual standard error (the textbook interval for a new observation, wider
   * than the line's own). null with 2 points, as the exponent's interval.
   */
  predictionInterval(x: number): [number, number] | null;
}

export interface Point {
  x: number;
  y: number;
}

/** Fit y = c · x^k to at least 2 points with positive, finite x and y and not all x equal. */
export function fitPowerLaw(points: readonly Point[]): PowerLawFit {
  const n = points.length;
  if (n < 2) throw new RangeError(`fitPowerLaw needs at least 2 points, got ${n}`);
  for (const [i, { x, y }] of points.entries()) {
    if (!(x > 0 && y > 0 && Number.isFinite(x) && Number.isFinite(y))) {
      throw new RangeError(
        `fitPowerLaw needs positive finite values for logarithms; point ${i} is (${x}, ${y})`,
      );
    }
  }
  const logX = points.map((p) => Math.log10(p.x));
  const logY = points.map((p) => Math.log10(p.y));
  const meanX = logX.reduce((s, v) => s + v, 0) / n;
  const meanY = logY.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = logX[i]! - meanX;
    const dy = logY[i]! - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new RangeError('fitPowerLaw needs at least two distinct x values');

  const exponent = sxy / sxx;
  const intercept = meanY - exponent * meanX;
  let residualSquares = 0;
  for (let i = 0; i < n; i++) {
    const residual = logY[i]! - (intercept + exponent * logX[i]!);
    residualSquares += residual * residual;
  }
  const r2 = syy === 0 ? 1 : Math.max(0, 1 - residualSquares / syy);

  let exponentInterval: [number, number] | null = null;
  if (n > 2) {
    const standardError = Math.sqrt(residualSquares / (n - 2) / sxx);
    const halfWidth = studentTQuantile(0.975, n - 2) * standardError;
    exponentInterval = [exponent - halfWidth, exponent + halfWidth];
  }

  const coefficient = 10 ** intercept;
  const predictionInterval = (x: number): [number, number] | null => {
    if (n <= 2) return null;
    const s = Math.sqrt(residualSquares / (n - 2));
    const dx = Math.log10(x) - meanX;
    const halfWidth = studentTQuantile(0.975, n - 2) * s * Math.sqrt(1 + 1 / n + (dx * dx) / sxx);
    const centre = intercept + exponent * Math.log10(x);
    return [10 ** (centre - halfWidth), 10 ** (centre + halfWidth)];
  };
  return {
    coefficient,
    exponent,
    r2,
    exponentInterval,
    n,
    predict: (x: number) => coefficient * x ** exponent,
    predictionInterval,
  };
}
