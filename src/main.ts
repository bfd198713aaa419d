/** The playground page: the embed entry plus the page's own layout (index.html). */
import './index';
import { sharedFragment } from './bench/share';

// `/?predict=owner/name&hub=<host>` (or `/?predict=<a .gguf URL>`) opens <ps-predict> filled in.
const query = new URLSearchParams(location.search);
const predict = document.querySelector('ps-predict');
const repo = query.get('predict');
const hub = query.get('hub');
if (predict && repo) predict.model = repo;
if (predict && hub) predict.hub = hub;

// `#r=…`: a shared run, on load or when a link changes only the fragment. Its decoder (and
// the schema that checks it) loads only then.
function openShared() {
  const shared = sharedFragment(location.hash);
  const chart = document.querySelector<HTMLElementTagNameMap['ps-chart']>('ps-chart#results');
  const banner = document.querySelector<HTMLElement>('#shared');
  if (shared !== null && chart && banner) {
    void import('./page-shared').then(({ showShared }) => showShared(shared, chart, banner));
  }
}
openShared();
addEventListener('hashchange', openShared);
