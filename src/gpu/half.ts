/** f16 on the CPU lives with the number formats (src/scaling/half.ts); the GPU layer uploads it. */
export * from '../scaling/half';
