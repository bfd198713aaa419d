/** The parts of a custom-elements manifest (schema 2.x) that embed-docs.mjs reads. */
export interface Manifest {
  readonly modules: readonly {
    readonly path: string;
    readonly declarations?: readonly Declaration[];
  }[];
}

export interface Declaration {
  readonly kind: string;
  readonly name: string;
  readonly customElement?: boolean;
  readonly tagName?: string;
  readonly description?: string;
  readonly attributes?: readonly { readonly name: string; readonly fieldName?: string }[];
  readonly events?: readonly { readonly name: string; readonly description?: string }[];
}

export declare const MANIFEST_PATH: string;
export declare const DOC_PATH: string;
export declare function elementsOf(manifest: Manifest): Declaration[];
export declare function renderBlocks(manifest: Manifest): Map<string, string>;
export declare function fillDoc(doc: string, blocks: ReadonlyMap<string, string>): string;
