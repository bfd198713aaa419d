import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The names dist/paramscope.js exports, read by the compiler from the sources: importing
 * index.ts here would define the elements, which Node cannot.
 */
function valueExports(file: string): string[] {
  const program = ts.createProgram([file], { noEmit: true, allowImportingTsExtensions: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${file}: no module symbol`);
  return checker
    .getExportsOfModule(module)
    .filter((symbol) => {
      const target =
        symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return (target.flags & ts.SymbolFlags.Value) !== 0;
    })
    .map((symbol) => symbol.name)
    .sort();
}

describe('the public API of dist/paramscope.js (docs/embedding.md)', () => {
  const exported = valueExports('src/index.ts');
  const scaling = valueExports('src/scaling/index.ts');

  it('is the elements, the presets, the page GPU provider and all of src/scaling', () => {
    const own = [
      'GpuProvider',
      'LADDER_IDS',
      'PRESETS',
      'PsBench',
      'PsCalculator',
      'PsChart',
      'PsDevice',
      'PsLaws',
      'PsPredict',
      'PsTimeline',
      'loadNotableModels',
      'pageGpu',
    ];
    expect(exported).toEqual([...own, ...scaling].sort());
    expect(scaling).toContain('countParams');
    expect(scaling).toContain('chinchillaLoss');
  });

  it('leaves out the internals of the GPU layer', () => {
    const internal = valueExports('src/gpu/index.ts').filter(
      (name) => name !== 'GpuProvider' && name !== 'pageGpu',
    );
    expect(internal).toContain('BufferPool');
    expect(exported.filter((name) => internal.includes(name))).toEqual([]);
  });
});
