import { afterEach, describe, expect, it } from 'vitest';
import { GpuProvider } from '../../gpu';
import './device';
import type { PsDevice } from './device.component';

/** Runs in Chromium (vitest browser mode) with WebGPU on SwiftShader. */

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const element of mounted.splice(0)) element.remove();
});

async function mount(provider?: GpuProvider): Promise<PsDevice> {
  const element = document.createElement('ps-device');
  if (provider) element.provider = provider;
  document.body.append(element);
  mounted.push(element);
  await element.updateComplete;
  return element;
}

async function until(element: PsDevice, selector: string): Promise<Element> {
  for (let i = 0; i < 200; i++) {
    const found = element.shadowRoot!.querySelector(selector);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`<ps-device> never showed ${selector}: ${element.shadowRoot!.textContent}`);
}

const realGpu = () => new GpuProvider({ gpu: () => navigator.gpu });

describe('<ps-device>', () => {
  it('describes the adapter, its features and limits', async () => {
    const element = await mount(realGpu());
    expect((await until(element, '.adapter')).textContent).toContain('swiftshader');
    const limits = element.shadowRoot!.querySelectorAll('[data-limit]');
    expect([...limits].map((dd) => dd.getAttribute('data-limit'))).toContain('maxBufferSize');
    expect(
      element.shadowRoot!.querySelector('[data-limit="maxStorageBufferBindingSize"]')!.textContent,
    ).toBe('1.00 GiB');
  });

  it('says why WebGPU is missing and fires ps-error, composed through the shadow root', async () => {
    const reasons: string[] = [];
    const listener = (e: Event) => reasons.push((e as CustomEvent).detail.reason);
    document.addEventListener('ps-error', listener);
    const element = await mount(new GpuProvider({ gpu: () => undefined }));
    const why = await until(element, '.why');
    expect(why.getAttribute('data-reason')).toBe('no-webgpu');
    expect(why.textContent).toContain('This browser has no WebGPU');
    expect(reasons).toEqual(['no-webgpu']);
    document.removeEventListener('ps-error', listener);
  });

  it('shows a lost device and gets a new one on request', async () => {
    const provider = realGpu();
    const element = await mount(provider);
    await until(element, '.adapter');
    const first = await provider.acquire();
    await provider.destroyDevice();
    const button = (await until(element, 'button')) as HTMLButtonElement;
    expect(element.shadowRoot!.textContent).toContain('The GPU device was lost (destroyed)');
    button.click();
    await until(element, '.adapter');
    expect((await provider.acquire()).device).not.toBe(first.device);
    await provider.destroyDevice();
  });
});
