import { describe, expect, it } from 'vitest';
import { gpt2Config } from '../../scaling';
import { tensorSpecs } from '../weights';
import { buildGpt2DecoderGraph } from './gpt2-graph';

const config = gpt2Config({ layers: 3, dModel: 12, heads: 3, vocabSize: 20, contextLength: 10 });

describe('buildGpt2DecoderGraph', () => {
  const graph = buildGpt2DecoderGraph(config);

  it('uses only standard opset-17 ops, in the default domain', () => {
    const ops = new Set(graph.nodes.map((n) => n.opType));
    expect([...ops].sort()).toEqual([
      'Add',
      'Concat',
      'CumSum',
      'Gather',
      'LayerNormalization',
      'LessOrEqual',
      'MatMul',
      'Mul',
      'Reshape',
      'Softmax',
      'Split',
      'Sub',
      'Tanh',
      'Transpose',
      'Unsqueeze',
      'Where',
    ]);
    expect(graph.nodes.every((n) => n.domain === undefined)).toBe(true);
  });

  it('computes nothing from shapes at run time (such nodes run on the CPU in GPU providers)', () => {
    const ops = graph.nodes.map((n) => n.opType);
    for (const op of ['Shape', 'Size', 'Range', 'ConstantOfShape']) expect(ops).not.toContain(op);
  });

  it('is topologically sorted: every input exists before a node uses it', () => {
    const known = new Set<string>([
      ...graph.inputs.map((i) => i.name),
      ...graph.constants.map((c) => c.name),
      ...tensorSpecs(config).map((s) => s.name),
    ]);
    for (const node of graph.nodes) {
      for (const input of node.input)
        expect(known.has(input), `${node.name} reads ${input}`).toBe(true);
      for (const output of node.output) known.add(output);
    }
    for (const output of graph.outputs) expect(known.has(output.name)).toBe(true);
  });

  it('reads every weight of the state dict', () => {
    const read = new Set(graph.nodes.flatMap((n) => n.input));
    for (const spec of tensorSpecs(config)) expect(read.has(spec.name), spec.name).toBe(true);
  });

  it('names nodes by module path, uniquely', () => {
    const names = graph.nodes.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('/h.2/attn/c_attn/MatMul');
    expect(names).toContain('/h.0/mlp/gelu/tanh');
    expect(names).toContain('/lm_head/MatMul');
  });

  it('has the same number of nodes in every block', () => {
    const perBlock = [0, 1, 2].map(
      (i) => graph.nodes.filter((n) => n.name.startsWith(`/h.${i}/`)).length,
    );
    expect(new Set(perBlock).size).toBe(1);
    // ln_1, 21 attention nodes, residual Add, ln_2, 13 MLP nodes (9 of them GELU), residual Add.
    expect(perBlock[0]).toBe(38);
  });
});
