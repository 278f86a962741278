/**
 * Changing a scenario without editing it: `--set path=value` on the command
 * line, and named `variants:` inside the scenario (for `sim compare`).
 *
 * Both work on the parsed YAML document, before validation, so the schema sees
 * one plain scenario and reports a bad override like any bad value. Nodes an
 * override brings in are remembered ({@link nodeOrigin}), so that such an error
 * points at the `--set` argument rather than at a line of the file. Values a
 * variant brings in are clones of nodes of the same file, and keep their own
 * positions: an error in a variant points into the `variants:` section.
 *
 * Paths: `agent.buffer.when_full`, `fleet.services[0].rate`, and
 * `fleet.services.api.rate`, where a list element is addressed by its `name`.
 */
import { z } from 'zod';
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  isAlias,
  isPair,
  parseDocument,
  YAMLMap,
  YAMLSeq,
  Scalar,
} from 'yaml';
import type { Node } from 'yaml';
import {
  badVariants,
  didYouMean,
  overrideBadPath,
  overrideBadValue,
  overrideIndexOutOfRange,
  overrideNoSuchElement,
  overrideThroughScalar,
  overrideWithoutEquals,
  unknownVariant,
} from '../config/diagnostics.ts';
import {
  type Diagnostic,
  type ScenarioErrorCode,
  ScenarioError,
  type ScenarioSource,
  sourceSpan,
} from './errors.ts';

/** One step of a path: a map key, or a list index (from `[0]`). */
export type PathSegment = string | number;

/** Where a node that did not come from the scenario file came from. */
export type NodeOrigin =
  | {
      readonly kind: 'set';
      /** The `path=value` argument. */
      readonly arg: string;
      /** Offset of the value in `arg`; node ranges are relative to it. */
      readonly valueOffset: number;
    }
  | {
      readonly kind: 'variant';
      readonly name: string;
      /** The variant's `"dotted.path":` key in the file, to point at. */
      readonly anchor: Node;
    };

// A WeakMap, not a property on the node: nodes are yaml's objects, and the
// marks must vanish with the document.
const origins = new WeakMap<object, NodeOrigin>();

/** Where `node` came from, when an override or a variant put it in the document. */
export function nodeOrigin(node: object): NodeOrigin | undefined {
  return origins.get(node);
}

/** Marks `node` and everything under it. */
function mark(node: unknown, origin: NodeOrigin): void {
  if (node === null || typeof node !== 'object') return;
  origins.set(node, origin);
  if (isMap(node) || isSeq(node)) for (const item of node.items) mark(item, origin);
  else if (isPair(node)) {
    mark(node.key, origin);
    mark(node.value, origin);
  }
}

// ---------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------

/**
 * Parses `a.b[0].c`, `a["dotted.key"]`, `fleet.services.api.rate` into
 * segments. Dotted parts stay strings (a digit-only part indexes a list only
 * when it meets one); bracketed digits become numbers. Throws a RangeError
 * naming what is wrong.
 */
export function parseOverridePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new RangeError(overrideBadPath(path, why));
  };
  if (path.trim() === '') fail('it is empty');
  while (i < path.length) {
    const ch = path[i]!;
    if (ch === '[') {
      const close = path.indexOf(']', i);
      if (close === -1) fail(`"[" at ${i + 1} is never closed`);
      const inner = path.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^(["']).*\1$/.test(inner)) segments.push(inner.slice(1, -1));
      else fail(`expected a list index or a quoted key inside [], got ${JSON.stringify(inner)}`);
      i = close + 1;
    } else if (ch === '"' || ch === "'") {
      const close = path.indexOf(ch, i + 1);
      if (close === -1) fail(`quote at ${i + 1} is never closed`);
      segments.push(path.slice(i + 1, close));
      i = close + 1;
    } else {
      let j = i;
      while (j < path.length && !'.['.includes(path[j]!)) j++;
      const key = path.slice(i, j).trim();
      if (key === '') fail(`empty key at ${i + 1}`);
      segments.push(key);
      i = j;
    }
    if (i < path.length) {
      if (path[i] === '.') {
        i++;
        if (i === path.length) fail('it ends with "."');
      } else if (path[i] !== '[') fail(`expected "." or "[" at ${i + 1}`);
    }
  }
  return segments;
}

/** Renders segments as the diagnostics do: `fleet.services[0].rate`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[\w-]+$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A map's key as text (scalar keys only; YAML allows others, scenarios do not use them). */
export function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

// ---------------------------------------------------------------------------
// Setting a value in a document
// ---------------------------------------------------------------------------

/** A problem found while applying one override, before it becomes a diagnostic. */
interface Problem {
  readonly code: ScenarioErrorCode;
  readonly message: string;
  readonly suggestion?: string;
}

class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

function problem(message: string, suggestion?: string): never {
  throw new ProblemError(
    suggestion === undefined
      ? { code: 'SCENARIO_BAD_OVERRIDE', message }
      : { code: 'SCENARIO_BAD_OVERRIDE', message, suggestion },
  );
}

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The `name:` of a list element, if it is a mapping with one. */
function elementName(item: unknown): string | undefined {
  if (!isMap(item)) return undefined;
  const pair = item.items.find((p) => keyText(p.key) === 'name');
  return pair && isScalar(pair.value) ? String(pair.value.value) : undefined;
}

/** A new `key: value` pair whose key is marked too, so an unknown key an override adds points at the override. */
function newPair(doc: Document, key: string, value: Node, origin: NodeOrigin) {
  const pair = doc.createPair(key, value);
  mark(pair.key, origin);
  return pair;
}

/**
 * Sets `segments` to `value` in `doc`, creating missing intermediate mappings
 * (or lists, before a numeric segment). Nodes it creates are marked with
 * `origin`. Returns the path with list names resolved to indices.
 */
function setIn(
  doc: Document,
  segments: readonly PathSegment[],
  value: Node,
  origin: NodeOrigin,
): PathSegment[] {
  const resolved: PathSegment[] = [];
  const container = (next: PathSegment): YAMLMap | YAMLSeq => {
    const c = typeof next === 'number' ? new YAMLSeq() : new YAMLMap();
    mark(c, origin);
    return c;
  };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))
    doc.contents = container(segments[0] ?? '');
  let parent = deref(doc, doc.contents);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    const at = formatPath(resolved);
    const next = segments[i + 1] ?? '';
    if (isMap(parent)) {
      const key = String(seg);
      resolved.push(key);
      const pair = parent.items.find((p) => keyText(p.key) === key);
      if (last) {
        if (pair) pair.value = value;
        else parent.items.push(newPair(doc, key, value, origin));
        return resolved;
      }
      const child = pair ? deref(doc, pair.value) : undefined;
      if (child === undefined || child === null || (isScalar(child) && child.value === null)) {
        const c = container(next);
        if (pair) pair.value = c;
        else parent.items.push(newPair(doc, key, c, origin));
        parent = c;
      } else parent = child;
    } else if (isSeq(parent)) {
      let index: number;
      if (typeof seg === 'number' || /^\d+$/.test(seg)) index = Number(seg);
      else {
        index = parent.items.findIndex((item) => elementName(deref(doc, item)) === seg);
        if (index === -1) {
          const names = parent.items
            .map((item) => elementName(deref(doc, item)))
            .filter((n) => n !== undefined);
          problem(overrideNoSuchElement(at, seg, names), didYouMean(seg, names));
        }
      }
      resolved.push(index);
      if (index > parent.items.length) problem(overrideIndexOutOfRange(at, index, parent.items.length));
      if (last) {
        parent.items[index] = value;
        return resolved;
      }
      const child = deref(doc, parent.items[index]);
      if (child === undefined || child === null || (isScalar(child) && child.value === null)) {
        const c = container(next);
        parent.items[index] = c;
        parent = c;
      } else parent = child;
    } else {
      problem(overrideThroughScalar(at, isScalar(parent) ? parent.value : parent));
    }
  }
  return resolved;
}

// ---------------------------------------------------------------------------
// --set
// ---------------------------------------------------------------------------

/** A parsed `--set path=value` argument. */
export interface ParsedOverride {
  /** The argument as given, `path=value`. */
  readonly arg: string;
  readonly path: readonly PathSegment[];
  /** The value's YAML node (its range is relative to `valueOffset`). */
  readonly value: Node;
  /** Offset of the value's text in `arg`. */
  readonly valueOffset: number;
}

/** A diagnostic about an argument, with the caret under [start, start + width) of `arg` (all of it by default). */
function overrideDiagnostic(
  file: string,
  arg: string,
  problem: Problem,
  path: string,
  start = 0,
  width = arg.length - start,
): Diagnostic {
  // `--set ` is 6 characters: the excerpt shows the argument as it was typed.
  const excerpt = { text: `--set ${arg}`, col: 7 + start, width: Math.max(1, width) };
  return {
    code: problem.code,
    file,
    line: 0,
    col: 0,
    path,
    message: problem.message,
    override: arg,
    excerpt,
    ...(problem.suggestion === undefined ? {} : { suggestion: problem.suggestion }),
  };
}

/**
 * Parses one `--set` argument: the path up to the first `=`, the rest as a
 * YAML scalar or flow collection (`true`, `5`, `[a, b]`, `{x: 1}`); an empty
 * value is null. Throws a ScenarioError (SCENARIO_BAD_OVERRIDE).
 */
export function parseOverride(arg: string, file = ''): ParsedOverride {
  const eq = arg.indexOf('=');
  if (eq === -1)
    throw new ScenarioError([
      overrideDiagnostic(
        file,
        arg,
        { code: 'SCENARIO_BAD_OVERRIDE', message: overrideWithoutEquals(arg) },
        '',
      ),
    ]);
  const pathText = arg.slice(0, eq);
  let path: PathSegment[];
  try {
    path = parseOverridePath(pathText);
  } catch (e) {
    throw new ScenarioError([
      overrideDiagnostic(
        file,
        arg,
        { code: 'SCENARIO_BAD_OVERRIDE', message: (e as Error).message },
        pathText,
      ),
    ]);
  }
  const valueText = arg.slice(eq + 1);
  const valueDoc = parseDocument(valueText, { prettyErrors: false });
  const yamlError = valueDoc.errors[0];
  if (yamlError !== undefined) {
    throw new ScenarioError([
      overrideDiagnostic(
        file,
        arg,
        { code: 'SCENARIO_BAD_OVERRIDE', message: overrideBadValue(valueText, yamlError.message) },
        formatPath(path),
        eq + 1,
      ),
    ]);
  }
  const value = (valueDoc.contents ?? new Scalar(null)) as Node;
  return { arg, path, value, valueOffset: eq + 1 };
}

/**
 * Applies `--set` arguments, in order, to `doc` (in place). Problems in any of
 * them (bad syntax, a name no list element has) are collected and thrown
 * together as one ScenarioError.
 */
export function applyOverrides(doc: Document, args: readonly string[], file = ''): void {
  const diagnostics: Diagnostic[] = [];
  for (const arg of args) {
    let parsed: ParsedOverride;
    try {
      parsed = parseOverride(arg, file);
    } catch (e) {
      if (e instanceof ScenarioError) {
        diagnostics.push(...e.diagnostics);
        continue;
      }
      throw e;
    }
    const origin: NodeOrigin = { kind: 'set', arg, valueOffset: parsed.valueOffset };
    mark(parsed.value, origin);
    try {
      setIn(doc, parsed.path, parsed.value, origin);
    } catch (e) {
      if (!(e instanceof ProblemError)) throw e;
      // The path is what failed: underline it, not the value.
      diagnostics.push(
        overrideDiagnostic(file, arg, e.problem, formatPath(parsed.path), 0, parsed.valueOffset - 1),
      );
    }
  }
  if (diagnostics.length > 0) throw new ScenarioError(diagnostics);
}

/**
 * Applies the `--set` arguments that edit the `variants:` section
 * (`variants.<name>.<path>=value`, `variants.<name>={…}`, `variants={…}`)
 * to `doc` in place, and returns the others. They must run before a variant
 * is applied, so that the variant as run is the variant as edited: set after
 * it, they would edit a section already read. An edited entry is the one
 * whose dotted path names the same place (`agent.buffer.when_full` and
 * `agent["buffer"].when_full` alike); a variant the file lacks is an error
 * with the nearest name, unless the argument gives the variant whole.
 * Problems are returned, not thrown, so that the caller reports them with
 * those of the other arguments (which include every malformed one).
 */
export function applyVariantOverrides(
  doc: Document,
  args: readonly string[],
  file = '',
): { readonly rest: string[]; readonly diagnostics: Diagnostic[] } {
  const rest: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const arg of args) {
    let parsed: ParsedOverride;
    try {
      parsed = parseOverride(arg, file);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      rest.push(arg); // applyOverrides reports it, in its place among the others
      continue;
    }
    if (parsed.path[0] !== 'variants') {
      rest.push(arg);
      continue;
    }
    const origin: NodeOrigin = { kind: 'set', arg, valueOffset: parsed.valueOffset };
    mark(parsed.value, origin);
    const pathWidth = parsed.valueOffset - 1;
    try {
      const name = parsed.path[1];
      if (name === undefined || parsed.path.length === 2) {
        setIn(doc, parsed.path, parsed.value, origin);
        continue;
      }
      const variants = variantsNode(doc);
      const body = variants?.items.find((p) => keyText(p.key) === String(name));
      const bodyNode = body === undefined ? undefined : deref(doc, body.value);
      if (!isMap(bodyNode)) {
        const names = listVariants(doc);
        problem(unknownVariant(String(name), names), didYouMean(String(name), names));
      }
      const target = formatPath(parsed.path.slice(2));
      const entry = bodyNode.items.find((p) => {
        const key = keyText(p.key);
        if (key === undefined) return false;
        try {
          return formatPath(parseOverridePath(key)) === target;
        } catch {
          return false;
        }
      });
      if (entry !== undefined) entry.value = parsed.value;
      else bodyNode.items.push(newPair(doc, target, parsed.value, origin));
    } catch (e) {
      if (!(e instanceof ProblemError)) throw e;
      diagnostics.push(overrideDiagnostic(file, arg, e.problem, formatPath(parsed.path), 0, pathWidth));
    }
  }
  return { rest, diagnostics };
}

// ---------------------------------------------------------------------------
// Variants
// ---------------------------------------------------------------------------

/**
 * The zod type of a scenario's `variants:` field, for the scenario schema:
 * variant name → { "dotted.path": value }. The values are checked when a
 * variant is applied and the result validated, not here.
 */
export function variantsSchema() {
  return z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .describe(
      'Named design variants: each maps dotted paths (agent.buffer.when_full) to the value they take in that variant.',
    );
}

function variantsNode(doc: Document): YAMLMap | undefined {
  const root = deref(doc, doc.contents);
  if (!isMap(root)) return undefined;
  const pair = root.items.find((p) => keyText(p.key) === 'variants');
  const node = pair ? deref(doc, pair.value) : undefined;
  return isMap(node) ? node : undefined;
}

function asDocument(doc: unknown): Document {
  // instanceof narrows to Document<any, any>; every Document we build holds Node contents.
  return doc instanceof Document ? (doc as Document) : new Document(doc);
}

/** The names of the scenario's variants, in file order (a Document or plain data). */
export function listVariants(doc: unknown): string[] {
  const node = variantsNode(asDocument(doc));
  return node ? node.items.map((p) => keyText(p.key)).filter((k) => k !== undefined) : [];
}

/** A diagnostic at `node`'s position when the file is known, else positionless. */
function diagnosticAt(
  source: ScenarioSource | undefined,
  node: unknown,
  code: ScenarioErrorCode,
  path: string,
  message: string,
  suggestion?: string,
): Diagnostic {
  const range =
    node !== null && typeof node === 'object' && 'range' in node ? (node as Node).range : undefined;
  const hint = suggestion === undefined ? {} : { suggestion };
  if (source === undefined || range === undefined || range === null || origins.has(node as object)) {
    return { code, file: source?.file ?? '', line: 0, col: 0, path, message, ...hint };
  }
  return { code, file: source.file, path, message, ...hint, ...sourceSpan(source, range[0], range[1]) };
}

/**
 * Applies variant `name` to a copy of the scenario and returns the copy: a
 * yaml Document (pass `source` so that problems point into the file) or plain
 * data (the result is plain data). Each `"dotted.path": value` entry is set as
 * by `--set`. The `variants:` section itself is left as it is, so the
 * validated result still lists every variant. Throws a ScenarioError:
 * SCENARIO_UNKNOWN_VARIANT naming the nearest and the valid names, or
 * SCENARIO_BAD_OVERRIDE for an entry that cannot be applied.
 */
export function applyVariant(doc: Document, name: string, source?: ScenarioSource): Document;
export function applyVariant(data: unknown, name: string): unknown;
export function applyVariant(input: unknown, name: string, source?: ScenarioSource): unknown {
  const isDoc = input instanceof Document;
  const doc: Document = isDoc ? (input as Document).clone() : asDocument(structuredClone(input));
  const file = source?.file ?? '';
  const variants = variantsNode(doc);
  const root = deref(doc, doc.contents);
  const variantsPair = isMap(root) ? root.items.find((p) => keyText(p.key) === 'variants') : undefined;
  if (variantsPair && !variants && !(isScalar(variantsPair.value) && variantsPair.value.value === null)) {
    const got = isScalar(variantsPair.value)
      ? variantsPair.value.value
      : isSeq(variantsPair.value)
        ? []
        : variantsPair.value;
    throw new ScenarioError([
      diagnosticAt(source, variantsPair.value, 'SCENARIO_INVALID_VALUE', 'variants', badVariants(got)),
    ]);
  }
  const entry = variants?.items.find((p) => keyText(p.key) === name);
  if (!entry) {
    const names = listVariants(doc);
    const suggestion = didYouMean(name, names);
    throw new ScenarioError([
      {
        code: 'SCENARIO_UNKNOWN_VARIANT',
        file,
        line: 0,
        col: 0,
        path: 'variants',
        message: unknownVariant(name, names),
        ...(suggestion === undefined ? {} : { suggestion }),
      },
    ]);
  }
  const body = deref(doc, entry.value);
  const at = `variants.${name}`;
  if (!isMap(body)) {
    throw new ScenarioError([
      diagnosticAt(
        source,
        entry.value ?? entry.key,
        'SCENARIO_INVALID_VALUE',
        at,
        badVariants(isScalar(body) ? body.value : body),
      ),
    ]);
  }
  const diagnostics: Diagnostic[] = [];
  // The clone of the document dropped the marks: read them off the entries as given.
  const givenBody = isDoc
    ? deref(
        input as Document,
        variantsNode(input as Document)?.items.find((p) => keyText(p.key) === name)?.value,
      )
    : undefined;
  body.items.forEach((pair, i) => {
    const given = isMap(givenBody) ? givenBody.items[i] : undefined;
    const pathText = keyText(pair.key) ?? '';
    const origin: NodeOrigin = { kind: 'variant', name, anchor: pair.key as Node };
    try {
      const path = parseOverridePath(pathText);
      // A clone keeps the node's range, so errors in the value point into `variants:`.
      const value =
        isAlias(pair.value) || pair.value === null
          ? doc.createNode(deref(doc, pair.value) ?? null)
          : (pair.value as Node).clone();
      // A value a `--set variants.…` put there keeps pointing at that argument, not into the file.
      const from =
        given?.value !== null && typeof given?.value === 'object' ? origins.get(given.value) : undefined;
      if (from?.kind === 'set') mark(value, from);
      setIn(doc, path, value as Node, from?.kind === 'set' ? from : origin);
    } catch (e) {
      const message =
        e instanceof ProblemError ? e.problem.message : e instanceof RangeError ? e.message : undefined;
      if (message === undefined) throw e;
      const suggestion = e instanceof ProblemError ? e.problem.suggestion : undefined;
      diagnostics.push(
        diagnosticAt(
          source,
          pair.key,
          'SCENARIO_BAD_OVERRIDE',
          `${at}[${JSON.stringify(pathText)}]`,
          message,
          suggestion,
        ),
      );
    }
  });
  if (diagnostics.length > 0) throw new ScenarioError(diagnostics);
  return isDoc ? doc : doc.toJS();
}
