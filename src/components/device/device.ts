import { PsDevice } from './device.component';

export { PsDevice };

if (!customElements.get('ps-device')) customElements.define('ps-device', PsDevice);

declare global {
  interface HTMLElementTagNameMap {
    'ps-device': PsDevice;
  }
}
