import { describe, expect, it } from 'vitest';
import { fitPowerLaw } from './fit';
import { studentTCdf, studentTQuantile } from './student-t';

describe('fitPowerLaw', () => {
  it('recovers a known power law exactly with R² = 1', () => {
    const points = [1e6, 1e7, 3e7, 1e8, 1e9].map((x) => ({ x, y: 3.5 * x ** 0.73 }));
    const fit = fitPowerLaw(points);
    expect(fit.exponent).toBeCloseTo(0.73, 12);
    expect(fit.coefficient).toBeCloseTo(3.5, 9);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.n).toBe(5);
    expect(fit.predict(1e10) / (3.5 * 1e10 ** 0.73)).toBeCloseTo(1, 9);
    const [lo, hi] = fit.exponentInterval!;
    expect(hi - lo).toBeLessThan(1e-9);
  });

  it('gives a t-based 95% interval on the exponent', () => {
    // log10 y = 2·log10 x + e with residuals +0.1, −0.1, −0.1, +0.1 at log10 x = 0, 1, 2, 3:
    // the residuals are orthogonal to x, so the slope stays exactly 2; SSres = 0.04,
    // Sxx = 5, SE = √(0.04 / 2 / 5) = 0.063246; t(0.975, 2) = 4.302653.
    const e = [0.1, -0.1, -0.1, 0.1];
    const points = e.map((r, i) => ({ x: 10 ** i, y: 10 ** (2 * i + r) }));
    const fit = fitPowerLaw(points);
    expect(fit.exponent).toBeCloseTo(2, 12);
    const halfWidth = 4.302653 * Math.sqrt(0.04 / 2 / 5);
    expect(fit.exponentInterval?.[0]).toBeCloseTo(2 - halfWidth, 5);
    expect(fit.exponentInterval?.[1]).toBeCloseTo(2 + halfWidth, 5);
    expect(fit.r2).toBeLessThan(1);
  });

  it('gives a 95% prediction interval for a new point, widest far from the data', () => {
    // The points above: intercept 0 (mean residual 0), s = √(0.04 / 2) = 0.141421, mean
    // log x = 1.5, Sxx = 5. At log x = 1.5: half-width t · s · √(1 + 1/4) = 0.680288.
    const e = [0.1, -0.1, -0.1, 0.1];
    const fit = fitPowerLaw(e.map((r, i) => ({ x: 10 ** i, y: 10 ** (2 * i + r) })));
    const half = 4.302653 * Math.sqrt(0.02) * Math.sqrt(1 + 1 / 4);
    const [lo, hi] = fit.predictionInterval(10 ** 1.5)!;
    expect(Math.log10(lo)).toBeCloseTo(3 - half, 5);
    expect(Math.log10(hi)).toBeCloseTo(3 + half, 5);
    // At log x = 5, 3.5 from the mean: √(1 + 1/4 + 3.5²/5).
    const [farLo, farHi] = fit.predictionInterval(1e5)!;
    const far = 4.302653 * Math.sqrt(0.02) * Math.sqrt(1 + 1 / 4 + 3.5 ** 2 / 5);
    expect(Math.log10(farHi) - Math.log10(farLo)).toBeCloseTo(2 * far, 5);
  });

  it('has no interval with 2 points', () => {
    const fit = fitPowerLaw([
      { x: 1, y: 2 },
      { x: 10, y: 20 },
    ]);
    expect(fit.exponent).toBeCloseTo(1, 12);
    expect(fit.exponentInterval).toBeNull();
    expect(fit.predictionInterval(5)).toBeNull();
  });

  it('throws clear errors for bad input', () => {
    expect(() => fitPowerLaw([{ x: 1, y: 1 }])).toThrow(/at least 2 points/);
    expect(() =>
      fitPowerLaw([
        { x: 1, y: 1 },
        { x: 0, y: 1 },
      ]),
    ).toThrow(/positive/);
    expect(() =>
      fitPowerLaw([
        { x: 1, y: -1 },
        { x: 2, y: 1 },
      ]),
    ).toThrow(/positive/);
    expect(() =>
      fitPowerLaw([
        { x: 5, y: 1 },
        { x: 5, y: 2 },
      ]),
    ).toThrow(/distinct x/);
  });
});

describe('Student t', () => {
  // Two-sided 95% critical values from standard tables.
  it.each([
    [1, 12.7062],
    [2, 4.3027],
    [3, 3.1824],
    [5, 2.5706],
    [10, 2.2281],
    [30, 2.0423],
    [1000, 1.9623],
  ])('t(0.975, %d) = %d', (dof, expected) => {
    expect(studentTQuantile(0.975, dof)).toBeCloseTo(expected, 3);
  });

  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 8);
    }
  });

  it('is symmetric', () => {
    expect(studentTCdf(0, 4)).toBeCloseTo(0.5, 12);
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 10);
  });
});
