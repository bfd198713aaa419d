/**
 * paramscope's embed entry: `<script type="module" src="paramscope.js">` defines every
 * `<ps-*>` element. Importing it does nothing else: heavy dependencies load on first use.
 */
import './components/calculator/calculator';
import './components/device/device';

export { PsCalculator } from './components/calculator/calculator';
export { PsDevice } from './components/device/device';
export * from './gpu';
export { LADDER_IDS, PRESETS } from './models/presets';
export * from './scaling';

/** The notable-models dataset, validated; loaded on first call, not with this module. */
export const loadNotableModels = () =>
  import('./scaling/notable-models').then((module) => module.notableModels());
