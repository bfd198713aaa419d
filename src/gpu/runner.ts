import type { GpuContext } from './device';
import { GpuValidationError } from './errors';
import { fromHalfBits } from './half';
import { foldWorkgroups, type KernelCall, type Program } from './program';
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
      if (this.flags.logWgsl) console.info(`// ${program.cacheKey}\n${program.wgsl}`);
      pipeline = this.scoped(`compiling ${program.cacheKey}`, () => {
        const module = this.device.createShaderModule({
          label: program.cacheKey,
          code: program.wgsl,
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

  /** Records one call into `encoder`, in a pass of its own; returns the outputs it writes. */
  encode<F extends UniformFields>(
    encoder: GPUCommandEncoder,
    call: KernelCall<F>,
    options: EncodeOptions = {},
  ): GpuTensor[] {
    const { program } = call;
    if (call.inputs.length !== program.inputs) {
      throw new Error(`${program.name} takes ${program.inputs} inputs, got ${call.inputs.length}`);
    }
    const outputs = this.outputsFor(call.outputs, options.outputs);
    const { buffers } = this.context;
    const uniformBuffer =
      program.uniforms.byteSize === 0
        ? null
        : buffers.acquire({
            label: `${program.name}/uniforms`,
            size: program.uniforms.byteSize,
            usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
          });
    if (uniformBuffer) {
      this.device.queue.writeBuffer(uniformBuffer, 0, program.uniforms.pack(call.uniforms));
    }
    const resources = [...call.inputs, ...outputs].map((t) => t.buffer);
    if (uniformBuffer) resources.push(uniformBuffer);

    const pipeline = this.pipeline(program);
    this.scoped(`encoding ${program.name}`, () => {
      const bindGroup = this.device.createBindGroup({
        label: program.name,
        layout: pipeline.getBindGroupLayout(0),
        entries: resources.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      const pass = encoder.beginComputePass(
        options.timer?.passDescriptor(program.name) ?? { label: program.name },
      );
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      const [x, y, z] = foldWorkgroups(
        call.workgroups,
        this.device.limits.maxComputeWorkgroupsPerDimension,
      );
      if (x > 0) pass.dispatchWorkgroups(x, y, z);
      pass.end();
    });
    // Reusable only after the submit that carries this pass, which the pool waits for.
    if (uniformBuffer) buffers.release(uniformBuffer);
    return outputs;
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
