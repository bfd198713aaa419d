import { describe, expect, it } from 'vitest';
import { parsePlacement, providerLabel, withCapturedConsole } from './placement';

// Lines as onnxruntime-web 1.30 writes them (seen in Chromium, SwiftShader).
const LOG = [
  '2026-11-22 11:44:40.909500 [I:onnxruntime:, js_execution_provider.cc:823 GetCapability] webgpu kernel not found in registries for Op type: Unsqueeze node name: /mask/padding_rows',
  '2026-11-22 11:44:40.986300 [I:onnxruntime:, js_execution_provider.cc:823 GetCapability] webgpu kernel not found in registries for Op type: Shape node name: /lm_head/ids_shape',
  '2026-11-22 11:44:41.016699 [I:onnxruntime:, js_execution_provider.cc:823 GetCapability] webgpu kernel not found in registries for Op type: Unsqueeze node name: /mask/padding_rows',
  '2026-11-22 11:44:41.285199 [V:onnxruntime:, session_state.cc:1383 VerifyEachNodeIsAssignedToAnEp]  Node(s) placed on [JsExecutionProvider]. Number of nodes: 47',
  '2026-11-22 11:44:41.344799 [V:onnxruntime:, session_state.cc:1383 VerifyEachNodeIsAssignedToAnEp]  Node(s) placed on [CPUExecutionProvider]. Number of nodes: 14',
];

describe('parsePlacement', () => {
  it('reads the node counts per provider and the nodes without a GPU kernel', () => {
    const placement = parsePlacement(LOG);
    expect(placement.nodesByProvider).toEqual({
      JsExecutionProvider: 47,
      CPUExecutionProvider: 14,
    });
    expect(placement.notOnGpu).toEqual([
      'Unsqueeze (/mask/padding_rows)',
      'Shape (/lm_head/ids_shape)',
    ]);
    expect(providerLabel(placement)).toBe('webgpu+wasm');
  });

  it('labels a pure provider, and says unknown when ORT said nothing', () => {
    expect(providerLabel(parsePlacement([LOG[3]!]))).toBe('webgpu');
    const allOnCpu = ' All nodes placed on [CPUExecutionProvider]. Number of nodes: 61';
    expect(parsePlacement([allOnCpu]).nodesByProvider).toEqual({ CPUExecutionProvider: 61 });
    expect(providerLabel({ nodesByProvider: { CPUExecutionProvider: 61 }, notOnGpu: [] })).toBe(
      'wasm',
    );
    expect(providerLabel(parsePlacement([]))).toBe('unknown');
  });
});

describe('withCapturedConsole', () => {
  it('collects what is printed during the work and restores the console after', async () => {
    const error = console.error;
    const [value, lines] = await withCapturedConsole(async () => {
      console.error('a', 1);
      console.log('b');
      return 42;
    });
    expect(value).toBe(42);
    expect(lines).toEqual(['a 1', 'b']);
    expect(console.error).toBe(error);
  });

  it('still captures output from code that kept a console function it found during a capture', async () => {
    let kept: (...args: unknown[]) => void = () => {};
    await withCapturedConsole(async () => {
      kept = console.error; // as onnxruntime-web's runtime does when it starts
    });
    const [, lines] = await withCapturedConsole(async () => kept('placed later'));
    expect(lines).toEqual(['placed later']);
  });
});
