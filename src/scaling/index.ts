/**
 * The pure math of model scaling: configs, exact parameter counts, memory, FLOPs and cost,
 * scaling laws and power-law fits. No DOM, no GPU, nothing else from the project.
 *
 * The notable-models dataset (./notable-models) is left out of this barrel on purpose: it
 * brings a JSON file and zod, so the elements load it on demand (`loadNotableModels`).
 */
export * from './compute';
export * from './config';
export * from './cost';
export * from './fit';
export * from './format';
export * from './gpu-specs';
export * from './held';
export * from './laws';
export * from './memory';
export * from './params';
export * from './precision';
export { studentTCdf, studentTQuantile } from './student-t';
export * from './training-memory';
export * from './validate';
