import { PsBench } from './bench.component';

export { PsBench };

if (!customElements.get('ps-bench')) customElements.define('ps-bench', PsBench);

declare global {
  interface HTMLElementTagNameMap {
    'ps-bench': PsBench;
  }
}
