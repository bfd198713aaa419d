/**
 * paramscope's embed entry: `<script type="module" src="paramscope.js">` defines every
 * `<ps-*>` element. Importing it does nothing else: heavy dependencies load on first use.
 */
import './components/device/device';

export { PsDevice } from './components/device/device';
export * from './gpu';
