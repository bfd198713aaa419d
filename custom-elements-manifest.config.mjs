/**
 * @custom-elements-manifest/analyzer (`npm run build:manifest`): dist/custom-elements.json,
 * read from each element's class (its JSDoc tags and Lit `static properties`) and from the
 * `customElements.define` beside it. docs/embedding.md's tables are rendered from that file
 * (scripts/embed-docs.mjs), so a tag missing from a class is missing from the docs.
 */
export default {
  // `<name>/<name>.component.ts` holds the class, `<name>/<name>.ts` the define; the elements'
  // helper modules (options, data) and components/shared have no public face and stay out.
  globs: ['src/components/*/*.component.ts', 'src/components/*/+([a-z]).ts'],
  exclude: ['src/components/shared/**'],
  outdir: 'dist',
  litelement: true,
  // package.json's `customElements` is written by hand: the analyzer would rewrite it to any
  // --outdir it is given (scripts/embed-docs.test.ts writes to a temporary folder).
  packagejson: false,
  plugins: [litStateIsNotAnAttribute()],
};

/**
 * The analyzer's Lit support lists every entry of `static properties` as an attribute unless
 * it says `attribute: false`; Lit's `state: true` means the same (internal reactive state,
 * no attribute), so those entries are dropped from `attributes` here.
 */
function litStateIsNotAnAttribute() {
  /** Class name -> names of its `state: true` properties. */
  const stateOf = new Map();
  return {
    name: 'paramscope:lit-state-is-not-an-attribute',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const properties = node.members.find(
        (member) =>
          ts.isPropertyDeclaration(member) &&
          member.name.getText() === 'properties' &&
          member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword),
      );
      const object = properties?.initializer;
      if (!object || !ts.isObjectLiteralExpression(object)) return;
      const state = object.properties
        .filter(
          (entry) =>
            ts.isPropertyAssignment(entry) &&
            ts.isObjectLiteralExpression(entry.initializer) &&
            entry.initializer.properties.some(
              (option) =>
                ts.isPropertyAssignment(option) &&
                option.name.getText() === 'state' &&
                option.initializer.kind === ts.SyntaxKind.TrueKeyword,
            ),
        )
        .map((entry) => entry.name.getText());
      stateOf.set(node.name.getText(), new Set(state));
    },
    moduleLinkPhase({ moduleDoc }) {
      for (const declaration of moduleDoc.declarations ?? []) {
        const state = stateOf.get(declaration.name);
        if (!state || !declaration.attributes) continue;
        declaration.attributes = declaration.attributes.filter(
          (attribute) => !state.has(attribute.fieldName),
        );
      }
    },
  };
}
