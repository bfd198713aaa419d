import { defineUniforms, type UniformValues } from './uniforms';

/**
 * What changes from one step of an autoregressive model to the next while every shape stays:
 * the cache positions already filled. A program that reads it (`Program.readsStep`) declares
 * this struct as `step` at the binding after its own uniforms; a step plan binds one buffer of
 * it to all such dispatches and writes it once per step, so replaying a plan is one small
 * uniform write however many dispatches read the position.
 */
const stepFields = { positionOffset: 'u32' } as const;
export type StepFields = typeof stepFields;
export type StepValues = UniformValues<StepFields>;

export const STEP_UNIFORMS = defineUniforms(stepFields, 'Step');
