import { describe, expect, it } from 'vitest';
import { checkNumber, type FieldMessages, type NumberBounds } from './number-field';

/** Names the problem, so that the order of the checks is what is tested. */
const NAMES: FieldMessages<NumberBounds> = {
  empty: () => 'empty',
  'not-a-number': () => 'not-a-number',
  infinite: (value) => `infinite ${value}`,
  fraction: (_, text) => `fraction ${text}`,
  below: (value) => `below ${value}`,
  above: (value) => `above ${value}`,
};

const WHOLE = { min: 1, max: 100, integer: true };

describe('checkNumber', () => {
  it('takes a trimmed number within the bounds', () => {
    expect(checkNumber(' 42 ', WHOLE, NAMES)).toBe(42);
    expect(checkNumber('1e2', WHOLE, NAMES)).toBe(100);
    expect(checkNumber('2.5', { min: 0, max: 10 }, NAMES)).toBe(2.5);
  });

  it('names the first problem: empty, not a number, infinite, fraction, then the bounds', () => {
    expect(checkNumber('  ', WHOLE, NAMES)).toBe('empty');
    for (const text of ['abc', '1e', '12 FLOPs', 'NaN']) {
      expect(checkNumber(text, WHOLE, NAMES)).toBe('not-a-number');
    }
    expect(checkNumber('Infinity', WHOLE, NAMES)).toBe('infinite Infinity');
    expect(checkNumber('-Infinity', WHOLE, NAMES)).toBe('infinite -Infinity');
    expect(checkNumber('2.5', WHOLE, NAMES)).toBe('fraction 2.5');
    expect(checkNumber('-0.5', WHOLE, NAMES)).toBe('fraction -0.5');
    expect(checkNumber('0', WHOLE, NAMES)).toBe('below 0');
    expect(checkNumber('101', WHOLE, NAMES)).toBe('above 101');
  });
});
