import { PsCalculator } from './calculator.component';

export { PsCalculator };

if (!customElements.get('ps-calculator')) customElements.define('ps-calculator', PsCalculator);

declare global {
  interface HTMLElementTagNameMap {
    'ps-calculator': PsCalculator;
  }
}
