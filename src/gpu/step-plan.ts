/**
 * A step plan: one step of a model at one shape (a prefill of T tokens, a decode step) with
 * everything it binds made once — activation buffers, uniform buffers, bind groups — so that
 * each later step of that shape is one write of the step struct (./step.ts) and a replay of
 * recorded dispatches (`ProgramRunner.replay`). Built through the runner, which compiles and
 * binds as it does for any call; every buffer comes from the BufferPool and is counted in its
 * peak for as long as the plan is held.
 */
import type { KernelCall } from './program';
import type { BoundDispatch, ProgramRunner } from './runner';
import { STEP_UNIFORMS } from './step';
import { type GpuTensor, type TensorSpec, tensorBytes } from './tensor';
import type { UniformFields } from './uniforms';

export type PlannedCommand =
  | ({ readonly kind: 'dispatch' } & Pick<
      BoundDispatch,
      'name' | 'pipeline' | 'bindGroup' | 'workgroups'
    >)
  | {
      readonly kind: 'copy';
      readonly source: GPUBuffer;
      readonly sourceOffset: number;
      readonly destination: GPUBuffer;
      readonly destinationOffset: number;
      readonly size: number;
    };

export interface StepPlan {
  readonly label: string;
  /** In order; a copy ends the compute pass before it (copies cannot run inside one). */
  readonly commands: readonly PlannedCommand[];
  /** The step struct every dispatch that reads it is bound to; written once per replay. */
  readonly stepBuffer: GPUBuffer;
  readonly dispatches: number;
  /** Every buffer the plan holds (activations, uniforms, the step struct), for `release`. */
  readonly held: readonly GPUBuffer[];
}

/** Tensors the plan writes and reads: bound as storage, copied in and out. */
const storageUsage = () =>
  GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/** Records a plan: call `dispatch` and `copy` in step order, then `finish`. */
export class StepPlanBuilder {
  private readonly commands: PlannedCommand[] = [];
  private readonly held: GPUBuffer[] = [];
  private readonly stepBuffer: GPUBuffer;
  private dispatches = 0;

  constructor(
    private readonly runner: ProgramRunner,
    readonly label: string,
  ) {
    this.stepBuffer = this.hold({
      label: `${label}/step`,
      size: STEP_UNIFORMS.byteSize,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
  }

  /** A tensor the plan holds (its input ids, a copied row), made now. */
  tensor(spec: TensorSpec): GpuTensor {
    const size = tensorBytes(spec);
    return { ...spec, buffer: this.hold({ label: spec.label, size, usage: storageUsage() }) };
  }

  /**
   * Binds one call: its outputs are made now (or are the given tensors, such as the KV cache)
   * and held by the plan; a step-reading program binds the plan's step struct.
   */
  dispatch<F extends UniformFields>(
    call: KernelCall<F>,
    options: { readonly outputs?: readonly GpuTensor[] } = {},
  ): GpuTensor[] {
    const outputs = options.outputs ?? call.outputs.map((spec) => this.tensor(spec));
    const bound = this.runner.bind(call, { outputs, stepBuffer: this.stepBuffer });
    this.held.push(...bound.held);
    const { name, pipeline, bindGroup, workgroups } = bound;
    this.commands.push({ kind: 'dispatch', name, pipeline, bindGroup, workgroups });
    this.dispatches++;
    return bound.outputs;
  }

  /** A buffer-to-buffer copy at this point of the step. */
  copy(source: GpuTensor, sourceOffset: number, destination: GpuTensor, size: number): void {
    this.commands.push({
      kind: 'copy',
      source: source.buffer,
      sourceOffset,
      destination: destination.buffer,
      destinationOffset: 0,
      size,
    });
  }

  finish(): StepPlan {
    const { label, commands, stepBuffer, dispatches, held } = this;
    return { label, commands, stepBuffer, dispatches, held };
  }

  private hold(request: { label: string; size: number; usage: GPUBufferUsageFlags }): GPUBuffer {
    const buffer = this.runner.context.buffers.acquire(request);
    this.held.push(buffer);
    return buffer;
  }
}

/** Gives a plan's buffers back to the pool (reusable after the next submit's work). */
export function releasePlan(runner: ProgramRunner, plan: StepPlan): void {
  for (const buffer of plan.held) runner.context.buffers.release(buffer);
}
