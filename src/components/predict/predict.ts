import { PsPredict } from './predict.component';

export { PsPredict };

if (!customElements.get('ps-predict')) customElements.define('ps-predict', PsPredict);

declare global {
  interface HTMLElementTagNameMap {
    'ps-predict': PsPredict;
  }
}
