import { afterEach, describe, expect, it } from 'vitest';
import '../chart/chart';
import '../laws/laws';
import { mount, unmountAll } from '../testing';
import { nextTab } from './tabs';

/** Runs in Chromium (vitest browser mode). */

afterEach(unmountAll);

const IDS = ['a', 'b', 'c'] as const;

describe('tabs', () => {
  it('moves with the arrow keys, wrapping, and jumps with Home and End', () => {
    expect(nextTab(IDS, 'a', 'ArrowRight')).toBe('b');
    expect(nextTab(IDS, 'c', 'ArrowRight')).toBe('a');
    expect(nextTab(IDS, 'b', 'ArrowLeft')).toBe('a');
    expect(nextTab(IDS, 'a', 'ArrowLeft')).toBe('c');
    expect(nextTab(IDS, 'b', 'Home')).toBe('a');
    expect(nextTab(IDS, 'b', 'End')).toBe('c');
    expect(nextTab(IDS, 'b', 'Enter')).toBeUndefined();
  });

  for (const [tag, property, first, second, last] of [
    ['ps-laws', 'view', 'n', 'd', 'frontier'],
    ['ps-chart', 'metric', 'prefill', 'decode', 'throughput'],
  ] as const) {
    it(`selects and focuses the next tab of <${tag}> on a key`, async () => {
      const element = await mount(tag);
      const root = element.shadowRoot!;
      const press = async (key: string) => {
        root
          .querySelector('[role="tablist"]')!
          .dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        // The handler waits for the update before it focuses: let it run.
        await element.updateComplete;
        await new Promise((resolve) => setTimeout(resolve));
      };
      expect(element[property as keyof typeof element]).toBe(first);

      await press('ArrowRight');
      expect(element[property as keyof typeof element]).toBe(second);
      expect(element.getAttribute(property)).toBe(second);
      expect(root.activeElement?.id).toBe(`tab-${second}`);
      expect(root.querySelector('[aria-selected="true"]')!.id).toBe(`tab-${second}`);
      expect(root.querySelector('[role="tabpanel"]')!.getAttribute('aria-labelledby')).toBe(
        `tab-${second}`,
      );

      await press('ArrowLeft');
      await press('ArrowLeft');
      expect(element[property as keyof typeof element]).toBe(last);
      expect(root.activeElement?.id).toBe(`tab-${last}`);
      expect(root.querySelector(`[tabindex="0"]`)!.id).toBe(`tab-${last}`);
    });
  }
});
