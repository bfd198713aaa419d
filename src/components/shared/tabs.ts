/**
 * The row of view tabs that <ps-laws> and <ps-chart> switch with: a WAI-ARIA tablist with
 * automatic activation (arrow keys, Home and End select as they move), and the one panel
 * its tabs control. Styled by tabStyles (chart.styles.ts).
 */

import type { ReactiveControllerHost } from 'lit';
import { html, type StaticValue } from 'lit/static-html.js';

export interface TabsOptions<Id extends string> {
  /** The tabs, in order. */
  readonly ids: readonly Id[];
  /** Each tab's text. */
  readonly names: Readonly<Record<Id, string>>;
  /** `aria-label` of the tablist: what the tabs choose between. */
  readonly label: string;
  /**
   * The attribute that carries each tab's id (`literal\`data-view\``): the element's own
   * name for it, which its styles, tests and embedding pages select on.
   */
  readonly idAttribute: StaticValue;
  /** The tab shown as selected: the host's last valid choice. */
  readonly selected: () => Id;
  /** Makes `id` the host's choice (sets its reflected property). */
  readonly select: (id: Id) => void;
}

/** The id of the tab that `key` moves to from `current`; undefined for any other key. */
export function nextTab<Id>(ids: readonly Id[], current: Id, key: string): Id | undefined {
  const last = ids.length - 1;
  const index = ids.indexOf(current);
  const next: number | undefined = {
    ArrowRight: index === last ? 0 : index + 1,
    ArrowLeft: index <= 0 ? last : index - 1,
    Home: 0,
    End: last,
  }[key];
  return next === undefined ? undefined : ids[next];
}

/**
 * The tabs of one host. It holds nothing that needs the host's lifecycle (the choice is the
 * host's property, read through `selected`), so it is not registered as a controller: it
 * renders, and after a key it waits for the host's update to move the focus.
 */
export class Tabs<Id extends string> {
  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    private readonly options: TabsOptions<Id>,
  ) {}

  /** The tablist, `part="tabs"`; each tab `id="tab-<id>"`. */
  renderTabs() {
    const { ids, names, label, idAttribute, selected } = this.options;
    const current = selected();
    return html`<div part="tabs" role="tablist" aria-label=${label} @keydown=${this.onKey}>
      ${ids.map(
        (id) => html`<button
          role="tab"
          id=${tabId(id)}
          ${idAttribute}=${id}
          aria-selected=${id === current ? 'true' : 'false'}
          aria-controls="panel"
          tabindex=${id === current ? 0 : -1}
          @click=${() => this.options.select(id)}
        >
          ${names[id]}
        </button>`,
      )}
    </div>`;
  }

  /** The panel the tabs control, `id="panel"`, holding `content`. */
  renderPanel(content: unknown) {
    return html`<div role="tabpanel" id="panel" aria-labelledby=${tabId(this.options.selected())}>
      ${content}
    </div>`;
  }

  private readonly onKey = async (event: KeyboardEvent) => {
    const { ids, selected, select } = this.options;
    const next = nextTab(ids, selected(), event.key);
    if (next === undefined) return;
    event.preventDefault();
    select(next);
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLButtonElement>(`#${tabId(next)}`)?.focus();
  };
}

function tabId(id: string): string {
  return `tab-${id}`;
}
