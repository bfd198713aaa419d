import { PsLaws } from './laws.component';

export { PsLaws };

if (!customElements.get('ps-laws')) customElements.define('ps-laws', PsLaws);

declare global {
  interface HTMLElementTagNameMap {
    'ps-laws': PsLaws;
  }
}
