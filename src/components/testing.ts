/**
 * Helpers for the elements' browser tests: mount an element, wait for what it draws, check
 * that no non-finite number reached its shadow root, and a small bench run. Imported by tests
 * only.
 */

const mounted: HTMLElement[] = [];

/** <ps-bench> attributes for the smallest real run: gpt2-3m on ORT WASM, a few seconds here. */
export const SMALL_WASM_RUN: Readonly<Record<string, string>> = Object.freeze({
  models: 'gpt2-3m',
  engines: 'ort-wasm',
  seq: '8',
  decode: '2',
  repeats: '2',
});

/**
 * Creates `<tag>` with `attributes` and `properties` (set before it connects), appends it to
 * the page and waits for its first render.
 */
export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  properties: Partial<HTMLElementTagNameMap[K]> = {},
): Promise<HTMLElementTagNameMap[K]> {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  Object.assign(element, properties);
  document.body.append(element);
  mounted.push(element);
  await (element as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return element;
}

/** Removes what `mount` added; call from `afterEach`. */
export function unmountAll(): void {
  for (const element of mounted.splice(0)) element.remove();
}

/** Waits until `test` holds of the shadow root, polling every 20 ms for up to `ms`. */
export async function until<T>(
  element: HTMLElement,
  test: (root: ShadowRoot) => T | null | undefined | false,
  what: string,
  ms = 10_000,
): Promise<T> {
  const root = element.shadowRoot!;
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    const found = test(root);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const text = (root.textContent ?? '').replace(/\s+/g, ' ');
  throw new Error(`<${element.localName}> never showed ${what}: ${text.slice(-600)}`);
}

/** The chart's `svg`, once drawn and no longer stale. */
export function untilChart(element: HTMLElement): Promise<SVGSVGElement> {
  return until(
    element,
    (root) =>
      root.querySelector<SVGSVGElement>(
        '[part="chart"]:not(.stale) > svg, [part="chart"]:not(.stale) > figure > svg',
      ),
    'a chart',
  );
}

/** Text and attribute values anywhere in the shadow root that spell a non-finite number. */
export function nonFiniteText(element: HTMLElement): string[] {
  const html = element.shadowRoot!.innerHTML;
  return [...html.matchAll(/NaN|-?Infinity|undefined/g)].map((m) => m[0]);
}
