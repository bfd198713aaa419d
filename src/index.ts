/**
 * paramscope's embed entry: `<script type="module" src="paramscope.js">` defines every
 * `<ps-*>` element. Importing it does nothing else: heavy dependencies load on first use.
 */
import './components/bench/bench';
import './components/calculator/calculator';
import './components/chart/chart';
import './components/device/device';
import './components/laws/laws';
import './components/timeline/timeline';

export { PsBench } from './components/bench/bench';
export { PsCalculator } from './components/calculator/calculator';
export { PsChart } from './components/chart/chart';
export { PsDevice } from './components/device/device';
export { PsLaws } from './components/laws/laws';
export { PsTimeline } from './components/timeline/timeline';
export * from './gpu';
export { LADDER_IDS, PRESETS } from './models/presets';
export * from './scaling';

/** The notable-models dataset, validated; loaded on first call, not with this module. */
export const loadNotableModels = () =>
  import('./scaling/notable-models').then((module) => module.notableModels());
