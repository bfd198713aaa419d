/**
 * paramscope's embed entry: `<script type="module" src="paramscope.js">` defines every
 * `<ps-*>` element. Importing it does nothing else: heavy dependencies load on first use.
 *
 * Its exports are the public API (docs/embedding.md, "What the module exports"; pinned by
 * index.test.ts): the element classes, the pure math of src/scaling, the model presets and
 * the page's GPU provider. The rest of the GPU layer (buffer pools, the census, the runner)
 * is internal and stays out, so that it can change without breaking a page.
 */
import './components/bench/bench';
import './components/calculator/calculator';
import './components/chart/chart';
import './components/device/device';
import './components/laws/laws';
import './components/predict/predict';
import './components/timeline/timeline';

export { PsBench } from './components/bench/bench';
export { PsCalculator } from './components/calculator/calculator';
export { PsChart } from './components/chart/chart';
export { PsDevice } from './components/device/device';
export { PsLaws } from './components/laws/laws';
export { PsPredict } from './components/predict/predict';
export { PsTimeline } from './components/timeline/timeline';
export { GpuProvider, pageGpu } from './gpu/device';
export { LADDER_IDS, PRESETS } from './models/presets';
export * from './scaling';

/** The notable-models dataset, validated; loaded on first call, not with this module. */
export const loadNotableModels = () =>
  import('./scaling/notable-models').then((module) => module.notableModels());
