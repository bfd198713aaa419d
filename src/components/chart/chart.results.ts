/**
 * How records reach <ps-chart> besides its `records` property: JSON in the `records`
 * attribute, and `ps-result` events from a <ps-bench> named by `for` (or from anywhere, with
 * `listen`). The schema brings zod: it is loaded when the first record has to be checked,
 * never with the element.
 */

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ResultRecord } from '../../bench/result';

let results: Promise<typeof import('../../bench/result')> | undefined;

/** One module promise, so that records checked one after another are taken in that order. */
function loadResults() {
  results ??= import('../../bench/result');
  return results;
}

/** Records from the `records` attribute's JSON; throws with what is wrong. */
export async function parseRecordsAttribute(json: string): Promise<ResultRecord[]> {
  const { parseResults } = await loadResults();
  try {
    return parseResults(json);
  } catch (error) {
    throw new Error(readable(error instanceof Error ? error.message : String(error)));
  }
}

/**
 * zod says a missing field was "received undefined"; the element never shows the word
 * `undefined` (nor NaN, nor Infinity), so that a broken value is never mistaken for data.
 */
function readable(message: string): string {
  return message
    .replace(/received undefined/g, 'but it is missing')
    .replace(/received (?:NaN|-?Infinity)/g, 'but it is not a finite number');
}

/** The detail of a `ps-result` event as a record; throws when it is not a schema-1 record. */
export async function checkRecord(detail: unknown): Promise<ResultRecord> {
  const { resultRecordSchema } = await loadResults();
  const checked = resultRecordSchema.safeParse(detail);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  throw new Error(
    readable(
      `not a paramscope result (schema 1)${issue ? `: ${issue.path.join('.')}: ${issue.message}` : ''}`,
    ),
  );
}

/** Where results come from: an element id in the host's own tree, or every `ps-result`. */
export interface ResultSource {
  /** `id` of the element whose results count (its subtree's and shadow root's included). */
  readonly from: string | undefined;
  /** Take every `ps-result` that reaches the document. */
  readonly any: boolean;
}

/**
 * Listens for `ps-result` (one more record), `ps-history` (a bench's whole history, when it
 * is restored, imported or cleared) and `ps-roofline` (the measured bandwidth, for the floor)
 * while the host is connected. It listens on the host's root (the
 * document, or the shadow root the host sits in) rather than on the named element, so the
 * element may be created, replaced or upgraded after the host: the events bubble and are
 * composed, and each is kept when the named element is on its path.
 */
const EVENTS = ['ps-result', 'ps-history', 'ps-roofline'] as const;

export class ResultListener implements ReactiveController {
  private target: EventTarget | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly source: () => ResultSource,
    private readonly onResult: (detail: unknown) => void,
    private readonly onHistory: (records: readonly unknown[]) => void,
    private readonly onRoofline: (bandwidthGBs: number) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.attach();
  }

  hostDisconnected(): void {
    this.detach();
  }

  /** Call when the source changed. */
  refresh(): void {
    this.detach();
    if (this.host.isConnected) this.attach();
  }

  private attach() {
    const { from, any } = this.source();
    if (!any && !from) return;
    this.target = any ? document : this.host.getRootNode();
    for (const type of EVENTS) this.target.addEventListener(type, this.handle);
  }

  private detach() {
    for (const type of EVENTS) this.target?.removeEventListener(type, this.handle);
    this.target = undefined;
  }

  private readonly handle = (event: Event) => {
    const { from, any } = this.source();
    if (!any && !(from && this.isFrom(event, from))) return;
    const { detail } = event as CustomEvent<unknown>;
    if (event.type === 'ps-result') this.onResult(detail);
    else if (event.type === 'ps-history') {
      this.onHistory((detail as { records?: readonly unknown[] }).records ?? []);
    } else this.onRoofline(Number((detail as { bandwidthGBs?: unknown }).bandwidthGBs));
  };

  /** The element with id `from` in the host's tree is on the event's path. */
  private isFrom(event: Event, from: string): boolean {
    const root = this.host.getRootNode();
    return event
      .composedPath()
      .some((node) => node instanceof Element && node.id === from && node.getRootNode() === root);
  }
}
