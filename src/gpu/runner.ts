import type { GpuContext } from './device';
import { GpuValidationError } from './errors';
import { fromHalfBits } from './half';
import { foldWorkgroups, type KernelCall, type Program } from './program';
import { STEP_UNIFORMS, type StepValues } from './step';
import type { StepPlan } from './step-plan';
import { type GpuTensor, type TensorSpec, tensorBytes } from './tensor';
import type { GpuTimer } from './timer';
import type { UniformFields } from './uniforms';

/** Named debug switches (see docs/debugging.md). Both cost time; both are off by default. */
export interface RunnerFlags {
  /** Wrap every encode and submit in a validation scope; `run`/`checked` throw the first error. */
  readonly validate?: boolean;
  /** Print a program's WGSL to the console the first time it compiles. */
  readonly logWgsl?: boolean;
}

/** Reads the flags from a URL query: `?debug=validate,wgsl`. */
export function flagsFromQuery(search: string): RunnerFlags {
  const names = new Set((new URLSearchParams(search).get('debug') ?? '').split(','));
  return { validate: names.has('validate'), logWgsl: names.has('wgsl') };
}

/** Usage of every tensor: bound as storage, copied in and out. (A function: the globals only
 * exist where WebGPU does, and nothing may run at import.) */
const storageUsage = () =>
  GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

// Per device, so a lost device takes its pipelines with it.
const pipelineCaches = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

export interface EncodeOptions {
  /** Buffers to write instead of fresh ones (the engines' preallocated activations). */
  readonly outputs?: readonly GpuTensor[];
  readonly timer?: GpuTimer;
}

/** Host data of a tensor; a Uint16Array holds f16 bit patterns (see half.ts). */
export type HostArray = Float32Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;

/**
 * Compiles, caches, binds and dispatches programs. The only place that submits kernel work
 * to the queue, and so the one that tells the buffer pool when a submit happened.
 */
export class ProgramRunner {
  private pendingValidation: Promise<GpuValidationError | null>[] = [];
  /**
   * Bind groups this runner has made: a step plan makes them while it is built and never
   * again, which the tests assert with this count.
   */
  bindGroupsCreated = 0;

  constructor(
    readonly context: GpuContext,
    readonly flags: RunnerFlags = {},
  ) {}

  get device(): GPUDevice {
    return this.context.device;
  }

  /** The compiled pipeline of a program, from the device's cache when it has been built. */
  pipeline(program: Program): GPUComputePipeline {
    let cache = pipelineCaches.get(this.device);
    if (!cache) {
      cache = new Map();
      pipelineCaches.set(this.device, cache);
    }
    let pipeline = cache.get(program.cacheKey);
    if (!pipeline) {
      const missing = (program.features ?? []).filter((f) => !this.device.features.has(f));
      if (missing.length > 0) {
        throw new Error(`${program.name} needs "${missing.join('", "')}", which this device lacks`);
      }
      if (this.flags.logWgsl) console.info(`// ${program.cacheKey}\n${program.wgsl()}`);
      pipeline = this.scoped(`compiling ${program.cacheKey}`, () => {
        const module = this.device.createShaderModule({
          label: program.cacheKey,
          code: program.wgsl(),
        });
        return this.device.createComputePipeline({
          label: program.cacheKey,
          layout: 'auto',
          compute: { module, entryPoint: 'main' },
        });
      });
      cache.set(program.cacheKey, pipeline);
    }
    return pipeline;
  }

  /**
   * Everything a dispatch of `call` needs, made now: its outputs (given, or acquired from the
   * pool), a uniform buffer written with the call's values, the step buffer (`stepBuffer`, or
   * one written with `call.step`), the pipeline and the bind group. The caller owns the
   * returned `held` buffers and releases them once a submit that used them has been made.
   */
  bind<F extends UniformFields>(
    call: KernelCall<F>,
    options: { readonly outputs?: readonly GpuTensor[]; readonly stepBuffer?: GPUBuffer } = {},
  ): BoundDispatch {
    const { program } = call;
    if (call.inputs.length !== program.inputs) {
      throw new Error(`${program.name} takes ${program.inputs} inputs, got ${call.inputs.length}`);
    }
    const outputs = this.outputsFor(call.outputs, options.outputs);
    const held: GPUBuffer[] = [];
    const resources = [...call.inputs, ...outputs].map((t) => t.buffer);
    if (program.uniforms.byteSize > 0) {
      resources.push(
        this.uniformBuffer(`${program.name}/uniforms`, program.uniforms.pack(call.uniforms), held),
      );
    }
    if (program.readsStep) {
      if (options.stepBuffer) resources.push(options.stepBuffer);
      else if (call.step) {
        resources.push(
          this.uniformBuffer(`${program.name}/step`, STEP_UNIFORMS.pack(call.step), held),
        );
      } else
        throw new Error(`${program.name} reads the step struct, and the call has no step values`);
    }
    const pipeline = this.pipeline(program);
    const bindGroup = this.scoped(`binding ${program.name}`, () =>
      this.device.createBindGroup({
        label: program.name,
        layout: pipeline.getBindGroupLayout(0),
        entries: resources.map((buffer, binding) => ({ binding, resource: { buffer } })),
      }),
    );
    this.bindGroupsCreated++;
    const workgroups = foldWorkgroups(
      call.workgroups,
      this.device.limits.maxComputeWorkgroupsPerDimension,
    );
    return { name: program.name, pipeline, bindGroup, workgroups, outputs, held };
  }

  /** Records one call into `encoder`, in a pass of its own; returns the outputs it writes. */
  encode<F extends UniformFields>(
    encoder: GPUCommandEncoder,
    call: KernelCall<F>,
    options: EncodeOptions = {},
  ): GpuTensor[] {
    const bound = this.bind(call, { outputs: options.outputs });
    this.scoped(`encoding ${bound.name}`, () => {
      const pass = encoder.beginComputePass(
        options.timer?.passDescriptor(bound.name) ?? { label: bound.name },
      );
      dispatch(pass, bound);
      pass.end();
    });
    // Reusable only after the submit that carries this pass, which the pool waits for.
    for (const buffer of bound.held) this.context.buffers.release(buffer);
    return bound.outputs;
  }

  /**
   * Replays a step plan into `encoder`: one write of the step struct, then its dispatches in
   * as few compute passes as its copies allow (one, for a decode step). Nothing is made here.
   */
  replay(encoder: GPUCommandEncoder, plan: StepPlan, step: StepValues): void {
    this.device.queue.writeBuffer(plan.stepBuffer, 0, STEP_UNIFORMS.pack(step));
    this.scoped(`replaying ${plan.label}`, () => {
      let pass: GPUComputePassEncoder | null = null;
      for (const command of plan.commands) {
        if (command.kind === 'dispatch') {
          pass ??= encoder.beginComputePass({ label: plan.label });
          dispatch(pass, command);
          continue;
        }
        pass?.end();
        pass = null;
        const { source, sourceOffset, destination, destinationOffset, size } = command;
        encoder.copyBufferToBuffer(source, sourceOffset, destination, destinationOffset, size);
      }
      pass?.end();
    });
  }

  /** Submits an encoder's work and tells the buffer pool, so released buffers can recycle. */
  submit(encoder: GPUCommandEncoder): void {
    this.scoped('submit', () => this.device.queue.submit([encoder.finish()]));
    this.context.buffers.submitted();
  }

  /** One call on its own: encode, submit, and wait until allocation and validation settle. */
  async run<F extends UniformFields>(
    call: KernelCall<F>,
    options: EncodeOptions = {},
  ): Promise<GpuTensor[]> {
    const encoder = this.device.createCommandEncoder({ label: call.program.name });
    const outputs = this.encode(encoder, call, options);
    this.submit(encoder);
    await this.checked();
    return outputs;
  }

  /** Throws the first allocation or validation error since the last check. */
  async checked(): Promise<void> {
    const pending = this.pendingValidation;
    this.pendingValidation = [];
    await this.context.buffers.settle();
    const failure = (await Promise.all(pending)).find((e) => e !== null);
    if (failure) throw failure;
  }

  /** Uploads host data into a new labelled tensor. */
  async upload(spec: TensorSpec, data: HostArray): Promise<GpuTensor> {
    const bytes = tensorBytes(spec);
    if (data.byteLength !== bytes) {
      throw new Error(`"${spec.label}": ${data.byteLength} bytes of data for ${bytes} of tensor`);
    }
    const buffer = await this.context.buffers.allocate({
      label: spec.label,
      size: bytes,
      usage: storageUsage(),
    });
    // writeBuffer moves whole 4-byte words: an odd count of f16 is padded with a zero half.
    const words = data.byteLength % 4 === 0 ? data : padTo4(data);
    this.device.queue.writeBuffer(buffer, 0, words.buffer, words.byteOffset, words.byteLength);
    return { ...spec, buffer };
  }

  /** Copies a tensor back to the CPU (waits for all queued work that writes it). */
  async read(tensor: GpuTensor): Promise<HostArray> {
    const bytes = tensorBytes(tensor);
    const { buffers } = this.context;
    const staging = buffers.acquire({
      label: `readback/${tensor.label}`,
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const encoder = this.device.createCommandEncoder({ label: `read ${tensor.label}` });
    encoder.copyBufferToBuffer(tensor.buffer, 0, staging, 0, roundUp4(bytes));
    this.submit(encoder);
    await this.checked();
    await staging.mapAsync(GPUMapMode.READ, 0, roundUp4(bytes));
    const copy = staging.getMappedRange(0, roundUp4(bytes)).slice(0, bytes);
    staging.unmap();
    buffers.release(staging);
    return hostArray(tensor, copy);
  }

  /** Gives a tensor's buffer back to the pool. */
  release(tensor: GpuTensor): void {
    this.context.buffers.release(tensor.buffer);
  }

  /** A uniform buffer from the pool holding `data`, added to `held`. */
  private uniformBuffer(label: string, data: ArrayBuffer, held: GPUBuffer[]): GPUBuffer {
    const buffer = this.context.buffers.acquire({
      label,
      size: data.byteLength,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.device.queue.writeBuffer(buffer, 0, data);
    held.push(buffer);
    return buffer;
  }

  private outputsFor(specs: readonly TensorSpec[], given?: readonly GpuTensor[]): GpuTensor[] {
    if (given) {
      if (given.length !== specs.length) throw new Error('wrong number of output tensors');
      specs.forEach((spec, i) => {
        const tensor = given[i]!;
        if (tensor.buffer.size < tensorBytes(spec)) {
          throw new Error(`output "${tensor.label}" is smaller than ${spec.label} needs`);
        }
      });
      return [...given];
    }
    const { buffers } = this.context;
    return specs.map((spec) => ({
      ...spec,
      buffer: buffers.acquire({
        label: spec.label,
        size: tensorBytes(spec),
        usage: storageUsage(),
      }),
    }));
  }

  /** Runs `fn` inside a validation scope when the `validate` flag is on. */
  private scoped<T>(what: string, fn: () => T): T {
    if (!this.flags.validate) return fn();
    this.device.pushErrorScope('validation');
    const result = fn();
    this.pendingValidation.push(
      this.device
        .popErrorScope()
        .then((error) => (error ? new GpuValidationError(what, error.message) : null)),
    );
    return result;
  }
}

/** A dispatch whose bind group is made: all a compute pass needs to run it. */
export interface BoundDispatch {
  readonly name: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly workgroups: readonly [number, number, number];
  readonly outputs: GpuTensor[];
  /** Buffers the binding acquired (uniforms), for the owner to release. */
  readonly held: readonly GPUBuffer[];
}

function dispatch(
  pass: GPUComputePassEncoder,
  { pipeline, bindGroup, workgroups }: Pick<BoundDispatch, 'pipeline' | 'bindGroup' | 'workgroups'>,
): void {
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  const [x, y, z] = workgroups;
  if (x > 0) pass.dispatchWorkgroups(x, y, z);
}

const roundUp4 = (n: number) => Math.ceil(n / 4) * 4;

function padTo4(data: HostArray): Uint8Array {
  const padded = new Uint8Array(roundUp4(data.byteLength));
  padded.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return padded;
}

function hostArray(spec: TensorSpec, bytes: ArrayBuffer): HostArray {
  switch (spec.dtype) {
    case 'f32':
      return new Float32Array(bytes);
    case 'u32':
      return new Uint32Array(bytes);
    case 'i32':
      return new Int32Array(bytes);
    case 'f16':
      return fromHalfBits(new Uint16Array(bytes));
    case 'u8':
    case 'u4': // packed two to a byte: read back as the bytes they are stored in
      return new Uint8Array(bytes);
  }
}
