import { describe, expect, it } from 'vitest';
import {
  exponentNotation,
  formatExponent,
  formatLoss,
  formatMs,
  formatPercent,
  formatPfDays,
  formatRatio,
  integer,
} from './format';

type Formatter = (value: number) => string;

/** Each formatter with the values it is asked to write and what it must write. */
const CASES: readonly [Formatter, readonly (readonly [number, string])[]][] = [
  // An integer ratio is kept as typed; a computed one gets 3 significant figures.
  [
    formatRatio,
    [
      [20, '20'],
      [400, '400'],
      [1234, '1234'],
      [10_000, '10000'],
      [0.1, '0.1'],
      [300e9 / 175e9, '1.71'],
      [2e12 / 70e9, '28.6'],
      [1234.5, '1230'],
    ],
  ],
  [
    formatMs,
    [
      [12.5, '12.5'],
      [12, '12'],
      [0.033_81, '0.0338'],
      [1234, '1230'],
    ],
  ],
  [formatPercent, [[42.26, '42.3%']]],
  [
    formatExponent,
    [
      [0.8234, '0.82'],
      [-0.9712, '−0.97'],
    ],
  ],
  [formatLoss, [[2.123_45, '2.123']]],
  [
    formatPfDays,
    [
      [1e20 / 8.64e19, '1.16'],
      [0.001, '1.00e-3'],
      [2e6, '2.00e6'],
    ],
  ],
  [
    integer,
    [
      [65_535, '65,535'],
      [2.6, '3'],
    ],
  ],
  [
    exponentNotation,
    [
      [5.76e23, '5.76e23'],
      [1e12, '1e12'],
    ],
  ],
];

describe('the elements’ number formats', () => {
  it.each(CASES.map(([format, cases]) => [format.name, format, cases] as const))(
    '%s',
    (_, format, cases) => {
      for (const [value, text] of cases) expect(format(value), String(value)).toBe(text);
    },
  );

  it('never prints a non-finite number', () => {
    for (const [format] of CASES) {
      for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        expect(format(value), `${format.name}(${value})`).toBe('—');
      }
    }
    expect(formatMs(null)).toBe('—');
    expect(formatMs(undefined)).toBe('—');
  });
});
