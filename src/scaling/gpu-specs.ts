/**
 * Datasheet figures of common training and inference GPUs. Peaks are *dense* (NVIDIA's
 * datasheets headline the 2:4-sparsity figure for Ampere and later; dense is half of it).
 * `halfPrecisionFlops` is the tensor-core bf16/fp16 peak with fp32 accumulation, the mode
 * mixed-precision training uses; `fp32Flops` is the non-tensor fp32 peak. Memory is the
 * datasheet's nominal GB; usable memory is slightly less.
 */
export interface GpuSpec {
  id: string;
  name: string;
  /** Nominal memory in GB (10⁹ bytes) as marketed. */
  memoryGB: number;
  /** Dense bf16/fp16 tensor-core peak, FLOP/s (fp32 accumulate). */
  halfPrecisionFlops: number;
  /** Non-tensor fp32 peak, FLOP/s. */
  fp32Flops: number;
  /** Board power (TDP/TGP), watts: an upper bound on average draw. */
  watts: number;
  /** Where the figures come from. */
  source: string;
}

const TFLOPS = 1e12;

const A100_DATASHEET =
  'NVIDIA A100 Tensor Core GPU datasheet (BF16/FP16 312 TFLOPS dense, 624 with sparsity; FP32 19.5): https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf';
const H100_DATASHEET =
  'NVIDIA H100 Tensor Core GPU datasheet (BF16 1,979 TFLOPS SXM / 1,513 PCIe with sparsity, so 989.5 / 756.5 dense; FP32 67 / 51): https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet';

export const GPU_SPECS: readonly GpuSpec[] = Object.freeze(
  [
    {
      id: 'v100-sxm2-32gb',
      name: 'NVIDIA V100 SXM2 32 GB',
      memoryGB: 32,
      halfPrecisionFlops: 125 * TFLOPS,
      fp32Flops: 15.7 * TFLOPS,
      watts: 300,
      source:
        'NVIDIA V100 datasheet (Tensor 125 TFLOPS, FP32 15.7, SXM2): https://images.nvidia.com/content/technologies/volta/pdf/volta-v100-datasheet-update-us-1165301-r5.pdf',
    },
    {
      id: 't4',
      name: 'NVIDIA T4',
      memoryGB: 16,
      halfPrecisionFlops: 65 * TFLOPS,
      fp32Flops: 8.1 * TFLOPS,
      watts: 70,
      source:
        'NVIDIA T4 datasheet (mixed precision FP16/FP32 65 TFLOPS, FP32 8.1): https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/tesla-t4/t4-tensor-core-datasheet-951643.pdf',
    },
    {
      id: 'a100-40gb',
      name: 'NVIDIA A100 SXM 40 GB',
      memoryGB: 40,
      halfPrecisionFlops: 312 * TFLOPS,
      fp32Flops: 19.5 * TFLOPS,
      watts: 400,
      source: A100_DATASHEET,
    },
    {
      id: 'a100-80gb',
      name: 'NVIDIA A100 SXM 80 GB',
      memoryGB: 80,
      halfPrecisionFlops: 312 * TFLOPS,
      fp32Flops: 19.5 * TFLOPS,
      watts: 400,
      source: A100_DATASHEET,
    },
    {
      id: 'h100-sxm',
      name: 'NVIDIA H100 SXM 80 GB',
      memoryGB: 80,
      halfPrecisionFlops: 989.5 * TFLOPS,
      fp32Flops: 67 * TFLOPS,
      watts: 700,
      source: H100_DATASHEET,
    },
    {
      id: 'h100-pcie',
      name: 'NVIDIA H100 PCIe 80 GB',
      memoryGB: 80,
      halfPrecisionFlops: 756.5 * TFLOPS,
      fp32Flops: 51 * TFLOPS,
      watts: 350,
      source: H100_DATASHEET,
    },
    {
      id: 'h200-sxm',
      name: 'NVIDIA H200 SXM 141 GB',
      memoryGB: 141,
      halfPrecisionFlops: 989.5 * TFLOPS,
      fp32Flops: 67 * TFLOPS,
      watts: 700,
      source:
        'NVIDIA H200 product page (BF16 1,979 TFLOPS with sparsity, FP32 67, 141 GB HBM3e, up to 700 W): https://www.nvidia.com/en-us/data-center/h200/',
    },
    {
      id: 'rtx-3090',
      name: 'NVIDIA GeForce RTX 3090',
      memoryGB: 24,
      halfPrecisionFlops: 71 * TFLOPS,
      fp32Flops: 35.6 * TFLOPS,
      watts: 350,
      source:
        'NVIDIA Ampere GA102 GPU architecture whitepaper, RTX 3090 column (FP16 tensor with FP32 accumulate 71 TFLOPS dense, FP32 35.6): https://www.nvidia.com/content/PDF/nvidia-ampere-ga-102-gpu-architecture-whitepaper-v2.pdf',
    },
    {
      id: 'rtx-4090',
      name: 'NVIDIA GeForce RTX 4090',
      memoryGB: 24,
      halfPrecisionFlops: 165.2 * TFLOPS,
      fp32Flops: 82.6 * TFLOPS,
      watts: 450,
      source:
        'NVIDIA Ada Lovelace GPU architecture whitepaper, RTX 4090 column (FP16 tensor with FP32 accumulate 165.2 TFLOPS dense, FP32 82.6): https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf',
    },
  ].map((spec) => Object.freeze(spec)),
);

/** The spec with this id, or undefined. */
export function gpuSpec(id: string): GpuSpec | undefined {
  return GPU_SPECS.find((spec) => spec.id === id);
}
