import { afterEach, describe, expect, it } from 'vitest';
import { GpuProvider } from '../../gpu';
import { mount as mountElement, unmountAll, until as untilIn } from '../testing';
import './device';
import type { PsDevice } from './device.component';

/** Runs in Chromium (vitest browser mode) with WebGPU on SwiftShader. */

afterEach(unmountAll);

const mount = (provider?: GpuProvider) =>
  mountElement('ps-device', {}, provider ? { provider } : {});

const until = (element: PsDevice, selector: string) =>
  untilIn(element, (root) => root.querySelector(selector), selector);

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

  it('shows the fresh device after a loss when another element (a re-run) acquires one', async () => {
    const provider = realGpu();
    const element = await mount(provider);
    await until(element, '.adapter');
    await provider.destroyDevice();
    await until(element, 'button');
    const fresh = await provider.acquire(); // what a bench's next run does
    await until(element, '.adapter');
    expect(element.shadowRoot!.textContent).not.toContain('lost');
    expect(fresh.device.label).toBe('paramscope');
    await provider.destroyDevice();
  });
});
