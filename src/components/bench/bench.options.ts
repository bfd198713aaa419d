/**
 * What defines a run, as text (attributes, URL) and as values, with a message per bad field.
 * The URL form is the contract of ARCHITECTURE.md:
 *   ?models=gpt2-3m,gpt2-7m&engines=ort-webgpu,ort-wasm&dtype=f32&seq=128&decode=32&repeats=10&autorun=1
 */
import { DEFAULT_BENCH_OPTIONS } from '../../bench/protocol';
import {
  ENGINE_IDS,
  ENGINE_PRECISIONS,
  ENGINES,
  type EngineId,
  isEngineId,
} from '../../engines/registry';
import { DEFAULT_HUB_URL, isHubId, parseHubId, parseHubUrl } from '../../models/hub/hub-id';
import { isLadderId } from '../../models/ladder';
import { LADDER_IDS } from '../../models/presets';
import type { Precision } from '../../scaling';

export interface BenchSettings {
  /** Ladder ids and hub models (`hub:owner/name[@revision]`). */
  readonly models: readonly string[];
  readonly engines: readonly EngineId[];
  /** A precision some engine holds; the bench skips the engines that do not, with the reason. */
  readonly dtype: Precision;
  readonly seq: number;
  readonly decode: number;
  readonly repeats: number;
  /** The hub the `hub:` models come from. */
  readonly hub: string;
}

export const DEFAULT_SETTINGS: BenchSettings = Object.freeze({
  models: ['gpt2-3m', 'gpt2-7m', 'gpt2-18m'],
  // The engines that run the ladder: the hub engines run hub:owner/name models only.
  engines: ENGINE_IDS.filter((id) => ENGINES[id].sources.includes('synthetic')),
  dtype: DEFAULT_BENCH_OPTIONS.dtype,
  seq: DEFAULT_BENCH_OPTIONS.promptTokens,
  decode: DEFAULT_BENCH_OPTIONS.decodeTokens,
  repeats: DEFAULT_BENCH_OPTIONS.repeats,
  hub: DEFAULT_HUB_URL,
});

/** The raw text of each setting, as attributes and URL parameters carry it. */
export type SettingsText = Partial<Record<keyof BenchSettings, string>>;

export type SettingsErrors = Partial<Record<keyof BenchSettings, string>>;

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function count(text: string, min: number, max: number): number | string {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) return 'must be a number';
  if (!Number.isInteger(value)) return 'must be a whole number';
  if (value < min) return `must be at least ${min}`;
  if (value > max) return `must be at most ${max}`;
  return value;
}

/** Settings from text; a field that does not parse keeps its default and gets a message. */
export function parseSettings(text: SettingsText): {
  settings: BenchSettings;
  errors: SettingsErrors;
} {
  const errors: SettingsErrors = {};
  const settings = { ...DEFAULT_SETTINGS } as {
    -readonly [K in keyof BenchSettings]: BenchSettings[K];
  };
  if (text.models !== undefined) {
    const ids = list(text.models);
    const unknown = ids.filter((id) => !isLadderId(id) && !isHubId(id));
    const badHub = ids.filter((id) => isHubId(id) && !parseHubId(id));
    if (unknown.length > 0)
      errors.models = `unknown: ${unknown.join(', ')} (the ladder has ${LADDER_IDS.join(', ')}; a hub model is hub:owner/name)`;
    else if (badHub.length > 0)
      errors.models = `not a hub model id: ${badHub.join(', ')} (hub:owner/name or hub:owner/name@revision)`;
    else if (ids.length === 0) errors.models = 'choose at least one model';
    else settings.models = ids;
  }
  if (text.engines !== undefined) {
    const ids = list(text.engines);
    const unknown = ids.filter((id) => !isEngineId(id));
    if (unknown.length > 0) {
      errors.engines = `unknown: ${unknown.join(', ')} (engines: ${ENGINE_IDS.join(', ')})`;
    } else if (ids.length === 0) errors.engines = 'choose at least one engine';
    else settings.engines = ids as EngineId[];
  }
  if (text.dtype !== undefined) {
    const dtype = text.dtype.trim();
    const held = ENGINE_PRECISIONS.find((p) => p === dtype);
    if (held) settings.dtype = held;
    else errors.dtype = `unknown: ${dtype} (weights: ${ENGINE_PRECISIONS.join(', ')})`;
  }
  if (text.hub !== undefined) {
    const hub = parseHubUrl(text.hub);
    if (hub) settings.hub = hub;
    else errors.hub = `not an http(s) address: ${text.hub}`;
  }
  const numbers = [
    ['seq', 1, 1024],
    ['decode', 0, 1023],
    ['repeats', 1, 1000],
  ] as const;
  for (const [name, min, max] of numbers) {
    const raw = text[name];
    if (raw === undefined) continue;
    const value = count(raw, min, max);
    if (typeof value === 'string') errors[name] = value;
    else settings[name] = value;
  }
  if (!errors.seq && !errors.decode && settings.seq + settings.decode > 1024) {
    errors.decode = `prompt + decode = ${settings.seq + settings.decode} exceeds the ladder's context of 1024`;
  }
  return { settings, errors };
}

const KEYS = ['models', 'engines', 'dtype', 'seq', 'decode', 'repeats', 'hub'] as const;

export function settingsFromQuery(search: string): { text: SettingsText; autorun: boolean } {
  const params = new URLSearchParams(search);
  const text: SettingsText = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null) text[key] = value;
  }
  return { text, autorun: params.get('autorun') === '1' };
}

/** The query that reproduces these settings (without autorun: a shared link starts nothing by itself). */
export function settingsToQuery(settings: BenchSettings): string {
  const params = new URLSearchParams({
    models: settings.models.join(','),
    engines: settings.engines.join(','),
    dtype: settings.dtype,
    seq: String(settings.seq),
    decode: String(settings.decode),
    repeats: String(settings.repeats),
  });
  if (settings.hub !== DEFAULT_HUB_URL) params.set('hub', settings.hub);
  // `,`, `:`, `/` and `@` may stand as they are in a query (RFC 3986 §3.4): `hub:owner/name@rev`.
  return `?${params.toString().replaceAll('%2C', ',').replaceAll('%3A', ':').replaceAll('%2F', '/').replaceAll('%40', '@')}`;
}
