/**
 * The playground's view of a shared link (`#r=…`, src/bench/share.ts): the chart shows the
 * link's records instead of this device's, and a line above it says whose they are. Loaded by
 * main.ts only when the page was opened from such a link.
 */
import { decodeShare } from './bench/share';
import { deviceOrder } from './components/chart/chart.data';

/** Shows the records of `value` (the fragment's `r`) in `chart`, saying so in `banner`. */
export async function showShared(
  value: string,
  chart: HTMLElementTagNameMap['ps-chart'],
  banner: HTMLElement,
): Promise<void> {
  banner.hidden = false;
  try {
    const records = await decodeShare(value);
    // The chart stops following the bench, so this device's history does not replace them.
    chart.htmlFor = '';
    chart.records = records;
    // A CPU engine's records count as the machine of the GPU records of the same browser.
    const devices = deviceOrder(records).keys;
    const days = [...new Set(records.map((r) => r.time.slice(0, 10)))].sort();
    const when = days.length > 1 ? `${days[0]} to ${days.at(-1)}` : days[0];
    banner.textContent = `Shared results: ${records.length} records measured on ${devices.join('; ')}, ${when}. Nothing was re-run. `;
    banner.dataset.state = 'shown';
  } catch (error) {
    banner.textContent = `This link's results could not be shown: ${(error as Error).message}. `;
    banner.dataset.state = 'bad';
  }
  const back = Object.assign(document.createElement('a'), {
    href: location.pathname + location.search,
    textContent: 'Show this device’s results instead',
  });
  banner.append(back);
}
