/**
 * Where a model comes from, and what it can tell before it runs.
 *
 * Every model the bench measures is a ModelSource: a synthetic one (a ladder preset or a custom
 * GPT-2 config, weights generated from a seed), a repo on a model hub, or a file of the user's.
 * Each says, before anything is downloaded or run, its exact parameter count, its architecture
 * where it has one, the bytes of its weights at each precision and its largest tensor — what
 * the bench's preflight asks (src/bench/protocol.ts), never `config` directly.
 *
 * A new kind of source is one variant of the union and one entry of SOURCE_KINDS; the engine
 * table (src/engines/registry.ts) says which engines can run it.
 */
import type { ArchitectureConfig, Gpt2Config, Precision } from '../scaling';
import { countParams, heldPrecision, storageBytes } from '../scaling';
import { elementCount, modelWeightBytes, tensorSpecs, type WeightInit } from './weights';

/** A GPT-2-architecture model generated in the page from its config and a seed. */
export interface SyntheticModel {
  readonly kind: 'synthetic';
  /** Shown in results: a ladder id (`gpt2-18m`) or a name for a custom config. */
  readonly id: string;
  readonly config: Gpt2Config;
  readonly init: WeightInit;
}

/**
 * What a source read from headers (safetensors/GGUF/ONNX sizes, config.json) says about a
 * model it has not downloaded: plain data, so it can travel in a URL or a record.
 */
export interface StoredFacts {
  readonly params: number;
  /** The architecture where the source has one (config.json, GGUF metadata); null otherwise. */
  readonly config: ArchitectureConfig | null;
  readonly contextLength: number;
  readonly vocabSize: number;
  /** Exact bytes of the weights at each precision the source publishes. */
  readonly weightBytes: Partial<Readonly<Record<Precision, number>>>;
  /** The largest single tensor at each published precision: what one binding must hold. */
  readonly largestTensor: Partial<Readonly<Record<Precision, TensorSize>>>;
}

/** A repo on a model hub (`owner/name` at a revision), with the files it lists. */
export interface HubModel {
  readonly kind: 'hub';
  /** `owner/name`, or `owner/name@revision` off the main branch. */
  readonly id: string;
  readonly repo: string;
  readonly revision: string;
  /** The hub's address, e.g. `https://huggingface.co`: where its files are fetched. */
  readonly hubUrl: string;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  readonly facts: StoredFacts;
}

export const MODEL_FILE_FORMATS = ['onnx', 'safetensors', 'gguf'] as const;
export type ModelFileFormat = (typeof MODEL_FILE_FORMATS)[number];

/** A file of the user's: an .onnx, .safetensors or .gguf picked or dropped on the page, or a URL. */
export interface FileModel {
  readonly kind: 'file';
  /** The file's name, or its URL. */
  readonly id: string;
  readonly format: ModelFileFormat;
  /** The file, or the URL it is read from. */
  readonly file: Blob | string;
  readonly facts: StoredFacts;
}

export type ModelSource = SyntheticModel | HubModel | FileModel;
export type ModelSourceKind = ModelSource['kind'];

export interface TensorSize {
  readonly name: string;
  readonly bytes: number;
}

/** What every source can tell before it is run. */
export interface SourceFacts {
  /** Exact parameter count. */
  readonly params: number;
  readonly config: ArchitectureConfig | null;
  /** Longest sequence the model takes (prompt + generated tokens). */
  readonly contextLength: number;
  readonly vocabSize: number;
  /** Exact bytes of the weights held at `precision`; null where the source cannot say. */
  weightBytes(precision: Precision): number | null;
  /** The largest tensor at `precision`; null where the source cannot say. */
  largestTensor(precision: Precision): TensorSize | null;
}

interface SourceKindEntry<S extends ModelSource> {
  /** How the UI names this kind of source. */
  readonly label: string;
  facts(source: S): SourceFacts;
}

function syntheticFacts(model: SyntheticModel): SourceFacts {
  const { config } = model;
  return {
    params: countParams(config).total,
    config,
    contextLength: config.contextLength,
    vocabSize: config.vocabSize,
    weightBytes: (precision) => modelWeightBytes(config, precision),
    largestTensor: (precision) => {
      let largest: TensorSize | null = null;
      for (const spec of tensorSpecs(config)) {
        const bytes = storageBytes(elementCount(spec.shape), heldPrecision(precision, spec));
        if (!largest || bytes > largest.bytes) largest = { name: spec.name, bytes };
      }
      return largest;
    },
  };
}

function storedFacts({ facts }: { readonly facts: StoredFacts }): SourceFacts {
  return {
    params: facts.params,
    config: facts.config,
    contextLength: facts.contextLength,
    vocabSize: facts.vocabSize,
    weightBytes: (precision) => facts.weightBytes[precision] ?? null,
    largestTensor: (precision) => facts.largestTensor[precision] ?? null,
  };
}

/** Every kind of source, keyed by `kind`: one entry per variant of ModelSource. */
export const SOURCE_KINDS: {
  readonly [K in ModelSourceKind]: SourceKindEntry<Extract<ModelSource, { kind: K }>>;
} = Object.freeze({
  synthetic: { label: 'generated in the page', facts: syntheticFacts },
  hub: { label: 'model hub', facts: storedFacts },
  file: { label: 'your file', facts: storedFacts },
});

/** What `source` can tell before it is run. */
export function sourceFacts(source: ModelSource): SourceFacts {
  const entry = SOURCE_KINDS[source.kind] as SourceKindEntry<ModelSource>;
  return entry.facts(source);
}

/** A synthetic model: what the ladder and custom configs are. */
export const syntheticModel = (id: string, config: Gpt2Config, init: WeightInit): SyntheticModel =>
  Object.freeze({ kind: 'synthetic', id, config, init });

/** `source` as a synthetic model, or an error naming who needs one and what it got. */
export function requireSynthetic(source: ModelSource, who: string): SyntheticModel {
  if (source.kind !== 'synthetic') {
    throw new Error(
      `${who} runs models generated in the page, not a ${SOURCE_KINDS[source.kind].label} model (${source.id})`,
    );
  }
  return source;
}
