#!/usr/bin/env node
// docs/embedding.md's reference tables, rendered from the custom-elements manifest
// (dist/custom-elements.json, written by `npm run build`) between marker comments:
//
//   <!-- manifest:elements:start -->  every element, one line each
//   <!-- manifest:ps-bench:start -->  one element's attributes, properties, methods, slots,
//                                     parts and CSS custom properties
//   <!-- manifest:events:start -->    every event, with the elements that fire it
//
// each closed by the same marker with `:end`. The prose around them is written by hand.
//
//   node scripts/embed-docs.mjs --write   update the tables (npm run docs:write)
//   node scripts/embed-docs.mjs --check   exit 1 if they differ from the manifest (npm test)
//
// Plain JavaScript, so that it runs after the build without a TypeScript step; types in
// embed-docs.d.mts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MANIFEST_PATH = 'dist/custom-elements.json';
export const DOC_PATH = 'docs/embedding.md';
const WRITE_COMMAND = 'npm run build && npm run docs:write';

const MARKER = /<!-- manifest:([a-z-]+):start -->\n[\s\S]*?<!-- manifest:\1:end -->/g;

/**
 * Every `<ps-*>` element of the manifest, by tag name: the manifest's order of modules is the
 * file system's, which differs between machines.
 */
export function elementsOf(manifest) {
  return manifest.modules
    .flatMap((module) => (module.declarations ?? []).filter((d) => d.customElement && d.tagName))
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/** Block name -> the markdown between its markers, for every block the manifest makes. */
export function renderBlocks(manifest) {
  const elements = elementsOf(manifest);
  const blocks = new Map([['elements', elementsTable(elements)]]);
  for (const element of elements) blocks.set(element.tagName, elementTables(element));
  blocks.set('events', eventsTable(elements));
  return blocks;
}

/**
 * `doc` with each block's content replaced; throws when the doc has a block the manifest does
 * not make (an element that is gone) or lacks one it makes (an element not yet documented).
 */
export function fillDoc(doc, blocks) {
  const found = new Set();
  const filled = doc.replace(MARKER, (_, name) => {
    const content = blocks.get(name);
    if (content === undefined)
      throw new Error(`${DOC_PATH} has a block "${name}" that the manifest has no element for`);
    found.add(name);
    return `<!-- manifest:${name}:start -->\n${content}<!-- manifest:${name}:end -->`;
  });
  const missing = [...blocks.keys()].filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw new Error(
      `${DOC_PATH} has no block for ${missing.join(', ')}: add <!-- manifest:NAME:start --> and <!-- manifest:NAME:end --> where each belongs`,
    );
  }
  return filled;
}

function elementsTable(elements) {
  return table(
    ['element', 'class', 'what it is'],
    elements.map((e) => [code(tag(e)), code(e.name), firstSentence(e.description)]),
  );
}

function elementTables(element) {
  const members = (element.members ?? []).filter((m) => m.privacy !== 'private' && !m.static);
  const byField = new Map(members.map((m) => [m.name, m]));
  const attributes = (element.attributes ?? []).map((a) => [
    code(a.name),
    byField.has(a.fieldName) ? code(a.fieldName) : '',
    LITERAL.test(a.default ?? '') ? code(a.default) : '',
    text(a.description ?? byField.get(a.fieldName)?.description),
  ]);
  const attributeFields = new Set((element.attributes ?? []).map((a) => a.fieldName));
  const properties = members
    .filter((m) => m.kind === 'field' && !attributeFields.has(m.name))
    .map((m) => [
      code(m.name),
      m.type ? code(m.type.text.replace(/^readonly /, '')) : '',
      text(m.readonly ? `${m.description} Read-only.` : m.description),
    ]);
  const methods = members
    .filter((m) => m.kind === 'method')
    .map((m) => [
      code(`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`),
      text(m.description),
    ]);
  const slots = (element.slots ?? []).map((s) => [
    code(s.name || '(default)'),
    text(s.description),
  ]);
  const styling = [
    ...(element.cssParts ?? []).map((p) => [code(`::part(${p.name})`), text(p.description)]),
    ...(element.cssProperties ?? []).map((p) => [code(p.name), text(p.description)]),
  ];
  return [
    attributes.length ? table(['attribute', 'property', 'default', 'description'], attributes) : '',
    properties.length ? table(['property (no attribute)', 'type', 'description'], properties) : '',
    methods.length ? table(['method', 'description'], methods) : '',
    slots.length ? table(['slot', 'replaces'], slots) : '',
    styling.length ? table(['styling hook', 'what it styles'], styling) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** One row per event and element, by event name: who fires it, and what its detail holds. */
function eventsTable(elements) {
  const rows = elements
    .flatMap((e) => (e.events ?? []).map((event) => ({ event, tag: tag(e) })))
    .sort((a, b) => a.event.name.localeCompare(b.event.name))
    .map(({ event, tag }) => [code(event.name), code(tag), text(event.description)]);
  return table(['event', 'from', 'when, and its `detail`'], rows);
}

/** A default worth showing: a literal, not an expression (`tokensPerParamRule`) or nothing. */
const LITERAL = /^('[^']*'|-?\d[\d.]*(e[+-]?\d+)?|true|false)$/;

const tag = (element) => `<${element.tagName}>`;

/** A markdown table; a `|` inside a cell, even in a code span, is escaped (GFM). */
function table(head, rows) {
  const line = (cells) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |\n`;
  return line(head) + line(head.map(() => '---')) + rows.map(line).join('');
}

const code = (value) => `\`${value}\``;

/**
 * A JSDoc description as one line of markdown: a `<` outside a code span is written `&lt;`,
 * since `<ps-bench>` would otherwise be read as an HTML tag and vanish.
 */
function text(description = '') {
  return description
    .replace(/\s*\n\s*/g, ' ')
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part.replaceAll('<', '&lt;') : part))
    .join('`')
    .trim();
}

/** The first sentence of the first paragraph: a stop followed by a capital, or the end. */
function firstSentence(description = '') {
  const paragraph = text(description.split(/\n\s*\n/)[0]);
  const end = paragraph.search(/[.!?](\s+[A-Z]|$)/);
  return end < 0 ? paragraph : paragraph.slice(0, end + 1);
}

function main(mode) {
  if (mode !== '--write' && mode !== '--check') {
    console.error('usage: node scripts/embed-docs.mjs --write | --check');
    return 2;
  }
  if (!existsSync(MANIFEST_PATH)) {
    console.error(`${MANIFEST_PATH} is missing: run \`npm run build\` first.`);
    return 1;
  }
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
  const doc = readFileSync(DOC_PATH, 'utf8');
  const filled = fillDoc(doc, renderBlocks(manifest));
  if (mode === '--write') {
    if (filled !== doc) writeFileSync(DOC_PATH, filled);
    console.log(`${DOC_PATH}: ${filled === doc ? 'already up to date' : 'tables rewritten'}.`);
    return 0;
  }
  if (filled !== doc) {
    console.error(
      `${DOC_PATH}'s tables differ from ${MANIFEST_PATH} (the elements' JSDoc changed?): run \`${WRITE_COMMAND}\` and commit the result.`,
    );
    return 1;
  }
  console.log(`${DOC_PATH}: tables match ${MANIFEST_PATH}.`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv[2]);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
