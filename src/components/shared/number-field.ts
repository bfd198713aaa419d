/**
 * A number typed into a field, checked and drawn the same way in every element
 * (<ps-calculator>, <ps-laws>): one parse, one order of checks, one <input>. What differs is
 * each element's own wording (a table of messages, `FieldMessages`) and where it puts the
 * message, so the check and the input live here and the text stays with the element.
 */

import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

/** What a number field accepts. */
export interface NumberBounds {
  readonly min: number;
  readonly max: number;
  /** Only whole numbers. */
  readonly integer?: boolean;
}

/** Why a field's text is not an acceptable number; checked in this order. */
export type NumberProblem = 'empty' | 'not-a-number' | 'infinite' | 'fraction' | 'below' | 'above';

/**
 * An element's message for each problem, given the parsed value (NaN for empty text), the
 * trimmed text and the field's bounds.
 */
export type FieldMessages<Bounds extends NumberBounds> = Readonly<
  Record<NumberProblem, (value: number, text: string, bounds: Bounds) => string>
>;

/** The problem with `value`, parsed from `text`; undefined when it is acceptable. */
function problemOf(text: string, value: number, bounds: NumberBounds): NumberProblem | undefined {
  if (text === '') return 'empty';
  if (Number.isNaN(value)) return 'not-a-number';
  if (!Number.isFinite(value)) return 'infinite';
  if (bounds.integer && !Number.isInteger(value)) return 'fraction';
  if (value < bounds.min) return 'below';
  if (value > bounds.max) return 'above';
  return undefined;
}

/**
 * The number `text` spells, when it is within `bounds`; otherwise the element's message for
 * why not. "abc", "1e" and "12 FLOPs" are not numbers (Number(), not parseFloat).
 */
export function checkNumber<Bounds extends NumberBounds>(
  text: string,
  bounds: Bounds,
  messages: FieldMessages<Bounds>,
): number | string {
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  const problem = problemOf(trimmed, value, bounds);
  return problem ? messages[problem](value, trimmed, bounds) : value;
}

export interface NumberInput {
  /** `id` of the input, for a `<label for>`; none when a `<label>` wraps it. */
  readonly id?: string;
  readonly name?: string;
  readonly part?: string;
  /** The text shown. */
  readonly text: string;
  /** The message shown for the text, if it is not acceptable: sets `aria-invalid`. */
  readonly error: string | undefined;
  /** `id` of the element that holds the message (or a hint). */
  readonly describedBy: string;
  /**
   * `input`: every keystroke is checked, and the text is never rewritten under the cursor.
   * `change`: the text is taken on Enter or on leaving the field, and `text` replaces what
   * the field shows whenever it differs (a value set from outside).
   */
  readonly commitOn: 'input' | 'change';
  readonly onText: (text: string) => void;
}

/** The `<input>` of a number field. */
export function numberInput(field: NumberInput) {
  const take = (event: Event) => field.onText((event.target as HTMLInputElement).value);
  return html`<input
    id=${ifDefined(field.id)}
    name=${ifDefined(field.name)}
    part=${ifDefined(field.part)}
    type="text"
    inputmode="decimal"
    autocomplete="off"
    spellcheck="false"
    .value=${field.commitOn === 'change' ? live(field.text) : field.text}
    aria-invalid=${field.error ? 'true' : 'false'}
    aria-describedby=${field.describedBy}
    @input=${field.commitOn === 'input' ? take : nothing}
    @change=${field.commitOn === 'change' ? take : nothing}
  />`;
}
