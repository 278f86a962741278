/**
 * Loading a scenario: YAML text in, a validated scenario (or one ScenarioError
 * listing every problem, each at its line and column) out.
 *
 * ```
 *  text ──parseDocument + LineCounter──▶ Document ──syntax errors?──▶ ScenarioError (all of them)
 *    │
 *    ├─ applyVariant(--variant)        values cloned from `variants:` keep their file positions
 *    ├─ applyOverrides(--set …)        new nodes remember the argument they came from
 *    ▼
 *  doc.toJS() ──schema.safeParse──▶ zod issues ──locate each path in the Document──▶ Diagnostics
 *                                                  (unknown key → the key; missing key → its parent;
 *                                                   typo → nearest key or value)
 * ```
 *
 * The schema is the caller's (schema.ts for logsim, small ones in tests): this
 * module knows nothing of what a scenario contains.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Node, Document } from 'yaml';
import {
  ALIAS_BOMB,
  badFormat,
  badKey,
  didYouMean,
  EMPTY_SCENARIO,
  fileUnreadable,
  missingKey,
  missingKindKey,
  noAlternativeMatched,
  notMultipleOf,
  notOneOf,
  outOfRange,
  scenarioTooManyServices,
  unknownKey,
  unresolvedAlias,
  wrongType,
  yamlSyntaxFor,
} from '../config/diagnostics.ts';
import {
  type Diagnostic,
  type ScenarioErrorCode,
  ScenarioError,
  type ScenarioSource,
  sourceSpan,
} from './errors.ts';
import {
  applyOverrides,
  applyVariant,
  applyVariantOverrides,
  formatPath,
  keyText,
  nodeOrigin,
  type PathSegment,
} from './overrides.ts';
import { checkNodeCount, checkScenarioTextSize, decodeScenarioBytes, MAX_SERVICES } from './scenario-text.ts';

/** Options of {@link loadScenarioText} and {@link loadScenarioFile}. */
export interface LoadOptions {
  /** `--set path=value` arguments, applied in order after the variant. */
  readonly overrides?: readonly string[];
  /** A variant of the scenario's `variants:` to apply before the overrides. */
  readonly variant?: string;
}

/** A parsed scenario document and the source it came from (for positions). */
export interface ParsedScenario {
  readonly doc: Document;
  readonly source: ScenarioSource;
}

/**
 * Parses YAML text into a Document, collecting every syntax error (duplicate
 * keys included) with its position; throws them together as one ScenarioError.
 */
export function parseScenarioText(text: string, file: string): ParsedScenario {
  checkScenarioTextSize(text, file);
  const lineCounter = new LineCounter();
  // prettyErrors off: we print our own excerpt, and want yaml's bare sentence.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const source: ScenarioSource = { file, text, lineCounter };
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const code: ScenarioErrorCode =
          e.code === 'DUPLICATE_KEY' ? 'SCENARIO_DUPLICATE_KEY' : 'SCENARIO_YAML_SYNTAX';
        return {
          code,
          file,
          path: '',
          message: yamlSyntaxFor(e.code, e.message),
          ...sourceSpan(source, e.pos[0], e.pos[1]),
        };
      }),
    );
  }
  checkDocument(doc, source);
  return { doc, source };
}

/**
 * What the parser accepts but no scenario can be: aliases with no anchor
 * before them (each at its position), more nodes than a design has, more
 * services than a run takes (at the list, before anything is validated).
 */
function checkDocument(doc: Document, source: ScenarioSource): void {
  let nodes = 0;
  const anchors: string[] = [];
  const dangling: Diagnostic[] = [];
  visit(doc, {
    Node(_, node) {
      nodes += 1;
      if (node.anchor !== undefined && node.anchor !== null) anchors.push(node.anchor);
    },
    Alias(_, node) {
      nodes += 1;
      if (node.resolve(doc) !== undefined) return;
      const r = node.range ?? [0, 0];
      dangling.push({
        code: 'SCENARIO_YAML_ALIAS',
        file: source.file,
        path: '',
        message: unresolvedAlias(node.source, [...new Set(anchors)]),
        ...sourceSpan(source, r[0], r[1]),
      });
    },
  });
  if (dangling.length > 0) throw new ScenarioError(dangling);
  checkNodeCount(nodes, source.file);
  const root = doc.contents;
  const fleet = isMap(root) ? root.get('fleet', true) : undefined;
  const services = isMap(fleet) ? fleet.get('services', true) : undefined;
  if (isSeq(services) && services.items.length > MAX_SERVICES) {
    const r = services.range ?? [0, 0];
    throw new ScenarioError([
      {
        code: 'SCENARIO_TOO_LARGE',
        file: source.file,
        path: 'fleet.services',
        message: scenarioTooManyServices(services.items.length, MAX_SERVICES),
        ...sourceSpan(source, r[0], Math.min(r[1], r[0] + 1)),
      },
    ]);
  }
}

/** The document as plain data; aliases that expand beyond yaml's guard are a diagnostic at the first alias. */
function toData(doc: Document, source: ScenarioSource): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    let first: readonly [number, number] = [0, 0];
    visit(doc, {
      Alias(_, node) {
        if (node.range) first = [node.range[0], node.range[1]];
        return visit.BREAK;
      },
    });
    throw new ScenarioError([
      {
        code: 'SCENARIO_YAML_ALIAS',
        file: source.file,
        path: '',
        message: ALIAS_BOMB,
        ...sourceSpan(source, first[0], first[1]),
      },
    ]);
  }
}

/**
 * Loads a scenario from text: parse, apply the variant and `--set` overrides,
 * validate against `schema` (a z.strictObject, so unknown keys are errors).
 * Returns the schema's output; throws one ScenarioError with every problem.
 */
export function loadScenarioText<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  options: LoadOptions = {},
): z.output<S> {
  const parsed = parseScenarioText(text, file);
  let doc = parsed.doc;
  // `--set variants.…` edits the variant before it is applied; the other overrides apply after it.
  const { rest, diagnostics } = applyVariantOverrides(doc, options.overrides ?? [], file);
  if (options.variant !== undefined && diagnostics.length === 0)
    doc = applyVariant(doc, options.variant, parsed.source);
  try {
    if (rest.length > 0) applyOverrides(doc, rest, file);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    diagnostics.push(...e.diagnostics);
  }
  if (diagnostics.length > 0) throw new ScenarioError(diagnostics);
  return validateScenario(doc, parsed.source, schema);
}

/**
 * Reads and loads a scenario file (synchronously: nothing under sim/ is
 * async). An unreadable file is a ScenarioError (SCENARIO_FILE_UNREADABLE).
 */
export function loadScenarioFile<S extends z.ZodType>(
  path: string,
  schema: S,
  options: LoadOptions = {},
): z.output<S> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    const reason = errno === 'ENOENT' ? 'missing' : errno === 'EISDIR' ? 'directory' : 'other';
    throw new ScenarioError([
      {
        code: 'SCENARIO_FILE_UNREADABLE',
        file: path,
        line: 0,
        col: 0,
        path: '',
        message: fileUnreadable(path, reason, (e as Error).message),
      },
    ]);
  }
  return loadScenarioText(decodeScenarioBytes(bytes, path), path, schema, options);
}

/**
 * Validates a (possibly overridden) Document against `schema` and maps every
 * zod issue back to a position: in the file, in a `--set` argument, or in the
 * `variants:` section. Throws one ScenarioError with all of them.
 */
export function validateScenario<S extends z.ZodType>(
  doc: Document,
  source: ScenarioSource,
  schema: S,
): z.output<S> {
  const data: unknown = toData(doc, source);
  // The parse-level error map words zod's issues our way; a message the schema
  // author wrote (`.min(1, '…')`, unit schemas) takes precedence over it.
  const result = schema.safeParse(data, { reportInput: true, error: issueMessage });
  if (result.success) return result.data;
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    for (const found of explain(issue as RawIssue, [], schema, data))
      diagnostics.push(locate(doc, source, found));
  }
  throw new ScenarioError(dedupe(diagnostics));
}

// ---------------------------------------------------------------------------
// Issues → problems
// ---------------------------------------------------------------------------

/**
 * The fields of zod v4 issues we read. zod's own union type is exhaustive per
 * code; we read a handful of fields across codes, so a loose view is simpler.
 */
interface RawIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input?: unknown;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly errors?: readonly (readonly RawIssue[])[];
  readonly options?: readonly unknown[];
  readonly discriminator?: string;
  readonly note?: string;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly divisor?: number | bigint;
  readonly format?: string;
  readonly pattern?: string;
  readonly key?: unknown;
  /** A custom issue's extras: `suggestion`, the nearest valid value. */
  readonly params?: { readonly suggestion?: unknown; readonly atKey?: unknown };
}

/** What went wrong where, before it has a position. */
interface Problem {
  readonly code: ScenarioErrorCode;
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly suggestion?: string;
  /** Point at this key of the object at `path` (unknown keys). */
  readonly key?: string;
  /** The value is absent: point at the parent mapping. */
  readonly missing?: boolean;
}

/** Our wording of zod's built-in issues (see diagnostics.ts). */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const i = issue as unknown as RawIssue;
  switch (i.code) {
    case 'invalid_type':
      return wrongType([i.expected ?? 'value'], i.input);
    case 'invalid_value':
      return notOneOf(i.values ?? [], i.input);
    case 'too_small':
      return outOfRange('min', i.origin ?? 'number', i.minimum ?? 0, i.inclusive ?? true, i.input);
    case 'too_big':
      return outOfRange('max', i.origin ?? 'number', i.maximum ?? 0, i.inclusive ?? true, i.input);
    case 'not_multiple_of':
      return notMultipleOf(i.divisor ?? 1, i.input);
    case 'invalid_format':
      return badFormat(i.format ?? 'format', i.pattern, i.input);
    case 'invalid_key':
      return badKey(i.input);
    case 'invalid_union':
      if (i.options !== undefined) return notOneOf(i.options, valueAt(i.input, [i.discriminator ?? '']));
      return unionMessage(i);
    default:
      return undefined;
  }
}

/** `expected a string or a list, got 5` when every alternative failed on the type. */
function unionMessage(issue: RawIssue): string {
  const expected: string[] = [];
  for (const branch of issue.errors ?? []) {
    const root = branch.find((b) => b.path.length === 0);
    if (root?.code === 'invalid_type' && root.expected !== undefined) expected.push(root.expected);
    else if (root?.code === 'invalid_value')
      for (const v of root.values ?? []) expected.push(typeof v === 'string' ? JSON.stringify(v) : String(v));
    else return noAlternativeMatched(issue.input);
  }
  return expected.length > 0
    ? wrongType([...new Set(expected)], issue.input)
    : noAlternativeMatched(issue.input);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/** Is `path` a key absent from an existing mapping (so the issue is a missing key)? */
function isMissing(data: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(data, path.slice(0, -1));
  const key = path[path.length - 1]!;
  return parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !(key in parent);
}

/** Turns one zod issue into problems (several for `unrecognized_keys`, a branch's for unions). */
function explain(
  issue: RawIssue,
  prefix: readonly PropertyKey[],
  schema: z.ZodType,
  data: unknown,
): Problem[] {
  const path = [...prefix, ...issue.path];
  const segs = path.map((p) => (typeof p === 'number' ? p : String(p)));
  if (issue.code === 'unrecognized_keys') {
    const valid = objectKeysAt(schema, path, data);
    return (issue.keys ?? []).map((key) => {
      const suggestion = didYouMean(key, valid);
      return {
        code: 'SCENARIO_UNKNOWN_KEY',
        path: [...segs, key],
        key,
        message: unknownKey(key, valid, suggestion !== undefined),
        ...(suggestion === undefined ? {} : { suggestion }),
      };
    });
  }
  if (isMissing(data, path)) {
    const allowed = issue.code === 'invalid_value' ? issue.values : issue.options;
    return [
      {
        code: 'SCENARIO_MISSING_KEY',
        path: segs,
        missing: true,
        message: missingKey(String(path[path.length - 1]), allowed),
      },
    ];
  }
  if (path.length === 0 && (data === null || data === undefined))
    return [{ code: 'SCENARIO_WRONG_TYPE', path: segs, message: EMPTY_SCENARIO }];
  if (issue.code === 'invalid_union' && issue.options === undefined) {
    // A union of mappings told apart by a key of their own (a fault entry's `chatty:`, `outage:`):
    // the branch whose own key was written is the one the author meant, whatever the others say.
    const own = ownKeysOfUnion(schema, path, data);
    const keyed = own === undefined ? undefined : keyedBranch(issue, own, valueAt(data, path));
    if (keyed !== undefined) return keyed.flatMap((b) => explain(b, path, schema, data));
    const value = valueAt(data, path);
    if (own !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      // None of the telling keys was written: say which ones there are, and which was meant.
      const written = Object.keys(value);
      const unknown = written.find((k) => !own.shared.has(k));
      const suggestion = unknown === undefined ? undefined : didYouMean(unknown, own.keys);
      return [
        {
          code: unknown === undefined ? 'SCENARIO_MISSING_KEY' : 'SCENARIO_UNKNOWN_KEY',
          path: unknown === undefined ? segs : [...segs, unknown],
          ...(unknown === undefined ? {} : { key: unknown }),
          message: missingKindKey(own.keys, unknown),
          ...(suggestion === undefined ? {} : { suggestion }),
        },
      ];
    }
    // The alternatives whose type matched; when just one did, its issues are the real story.
    const matched = (issue.errors ?? []).filter(
      (branch) =>
        !branch.some((b) => b.path.length === 0 && (b.code === 'invalid_type' || b.code === 'invalid_value')),
    );
    const best = matched.sort((a, b) => a.length - b.length)[0];
    if (best !== undefined && best.length > 0) return best.flatMap((b) => explain(b, path, schema, data));
  }
  const value = valueAt(data, path);
  let suggestion: string | undefined;
  const allowed =
    issue.code === 'invalid_value'
      ? issue.values
      : issue.code === 'invalid_union'
        ? issue.options
        : undefined;
  if (allowed !== undefined) {
    const written = issue.options !== undefined ? value : (issue.input ?? value);
    if (typeof written === 'string')
      suggestion = didYouMean(
        written,
        allowed.filter((v) => typeof v === 'string'),
      );
  }
  if (issue.code === 'custom' && typeof issue.params?.suggestion === 'string')
    suggestion ??= issue.params.suggestion;
  if (issue.code === 'custom' && issue.params?.atKey === true && segs.length > 0) {
    // The key itself is wrong (an unknown metric name): point at it, as at an unknown key.
    return [
      {
        code: 'SCENARIO_UNKNOWN_KEY',
        path: segs,
        key: String(segs[segs.length - 1]),
        message: issue.message,
        ...(suggestion === undefined ? {} : { suggestion }),
      },
    ];
  }
  const code: ScenarioErrorCode =
    issue.code === 'invalid_type' && !(issue.expected === 'int' && typeof value === 'number')
      ? 'SCENARIO_WRONG_TYPE'
      : 'SCENARIO_INVALID_VALUE';
  return [{ code, path: segs, message: issue.message, ...(suggestion === undefined ? {} : { suggestion }) }];
}

// ---------------------------------------------------------------------------
// Walking the schema (for the keys an unknown key could have meant)
// ---------------------------------------------------------------------------

/**
 * The parts of zod v4 schema definitions we walk. zod's def types are a union
 * keyed by `type`; reading them through one loose shape keeps this short.
 */
interface LooseDef {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly getter?: () => z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
}

const defOf = (s: z.ZodType): LooseDef => s._zod.def;

/** The schemas a value at this point may be checked against, wrappers and unions opened. */
function expand(schema: z.ZodType, data: unknown): z.ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return def.innerType ? expand(def.innerType, data) : [];
    case 'pipe':
      return def.in ? expand(def.in, data) : [];
    case 'lazy':
      return def.getter ? expand(def.getter(), data) : [];
    case 'union': {
      let options = def.options ?? [];
      const d = def.discriminator;
      if (d !== undefined && data !== null && typeof data === 'object') {
        // A discriminated union: only the option the data selected.
        const chosen = options.filter((o) =>
          o._zod.propValues?.[d]?.has((data as Record<string, unknown>)[d] as never),
        );
        if (chosen.length > 0) options = chosen;
      }
      return options.flatMap((o) => expand(o, data));
    }
    case 'intersection':
      return [def.left, def.right].filter((s) => s !== undefined).flatMap((s) => expand(s, data));
    default:
      return [schema];
  }
}

function childSchemas(schema: z.ZodType, seg: PropertyKey): z.ZodType[] {
  const def = defOf(schema);
  if (def.type === 'object') return def.shape?.[String(seg)] ? [def.shape[String(seg)]!] : [];
  if (def.type === 'array') return def.element ? [def.element] : [];
  if (def.type === 'record') return def.valueType ? [def.valueType] : [];
  if (def.type === 'tuple') return typeof seg === 'number' && def.items?.[seg] ? [def.items[seg]] : [];
  return [];
}

/** The keys the schema allows in the object at `path` (union of all alternatives). */
function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  let current = expand(schema, data);
  let value = data;
  for (const seg of path) {
    value = valueAt(value, [seg]);
    current = current.flatMap((s) => childSchemas(s, seg)).flatMap((s) => expand(s, value));
  }
  const keys = new Set<string>();
  for (const s of current) for (const k of Object.keys(defOf(s).shape ?? {})) keys.add(k);
  return [...keys];
}

/** The union schema at `path` (wrappers opened), if there is one. */
function unionAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): LooseDef | undefined {
  let current = expand(schema, data);
  let value = data;
  path.forEach((seg, i) => {
    value = valueAt(value, [seg]);
    const children = current.flatMap((s) => childSchemas(s, seg));
    current =
      i === path.length - 1
        ? children.flatMap((c) => expandToUnion(c, value))
        : children.flatMap((c) => expand(c, value));
  });
  return current.map(defOf).find((d) => d.type === 'union');
}

/** Opens wrappers down to a union, or to the schema under them. */
function expandToUnion(schema: z.ZodType, data: unknown): z.ZodType[] {
  const def = defOf(schema);
  if (def.type === 'union') return [schema];
  if (def.innerType !== undefined) return expandToUnion(def.innerType, data);
  if (def.type === 'pipe' && def.in !== undefined) return expandToUnion(def.in, data);
  if (def.type === 'lazy' && def.getter !== undefined) return expandToUnion(def.getter(), data);
  return [schema];
}

/** The keys of each alternative of a union of mappings, and the keys they all share. */
function ownKeysOfUnion(
  schema: z.ZodType,
  path: readonly PropertyKey[],
  data: unknown,
):
  | {
      readonly perOption: readonly (readonly string[])[];
      readonly keys: string[];
      readonly shared: Set<string>;
    }
  | undefined {
  const union = unionAt(schema, path, data);
  if (union === undefined || union.discriminator !== undefined) return undefined;
  const perOption = (union.options ?? []).map((o) =>
    expand(o, undefined).flatMap((s) => Object.keys(defOf(s).shape ?? {})),
  );
  if (perOption.length < 2 || perOption.some((keys) => keys.length === 0)) return undefined;
  const count = new Map<string, number>();
  for (const keys of perOption) for (const k of new Set(keys)) count.set(k, (count.get(k) ?? 0) + 1);
  const own = [...count].filter(([, n]) => n === 1).map(([k]) => k);
  // Only a union whose every alternative has a key of its own is told apart by keys.
  if (!perOption.every((keys) => keys.some((k) => own.includes(k)))) return undefined;
  const shared = new Set([...count].filter(([, n]) => n > 1).map(([k]) => k));
  return { perOption, keys: own, shared };
}

/** The issues of the branch whose own key the data wrote, when exactly one did. */
function keyedBranch(
  issue: RawIssue,
  own: NonNullable<ReturnType<typeof ownKeysOfUnion>>,
  value: unknown,
): readonly RawIssue[] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (own.perOption.length !== (issue.errors ?? []).length) return undefined;
  const written = new Set(Object.keys(value));
  const hits = own.perOption
    .map((keys, i) => (keys.some((k) => own.keys.includes(k) && written.has(k)) ? i : -1))
    .filter((i) => i >= 0);
  if (hits.length !== 1) return undefined;
  return issue.errors?.[hits[0]!];
}

// ---------------------------------------------------------------------------
// Problems → positions
// ---------------------------------------------------------------------------

interface Step {
  /** The value node at this depth. */
  readonly node: unknown;
  /** The key node that led to it (undefined for the root and list elements). */
  readonly keyNode?: unknown;
}

/** Follows `path` through the document as far as it goes. */
function walk(doc: Document, path: readonly PathSegment[]): Step[] {
  const deref = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  const steps: Step[] = [{ node: deref(doc.contents) }];
  for (const seg of path) {
    const here = steps[steps.length - 1]!.node;
    if (isMap(here)) {
      const pair = here.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) break;
      steps.push({ node: deref(pair.value), keyNode: pair.key });
    } else if (isSeq(here) && typeof seg === 'number' && seg < here.items.length) {
      steps.push({ node: deref(here.items[seg]) });
    } else break;
  }
  return steps;
}

function rangeOf(node: unknown): readonly [number, number] | undefined {
  if (node === null || typeof node !== 'object' || isPair(node)) return undefined;
  const range = (node as Node).range;
  return range ? [range[0], range[1]] : undefined;
}

/** Is the node a value written nowhere (`key:` with nothing after it)? */
function isEmptyValue(node: unknown): boolean {
  const r = rangeOf(node);
  return isScalar(node) && node.value === null && (r === undefined || r[0] === r[1]);
}

/** Places a problem: at the node it names, or the nearest thing that exists. */
function locate(doc: Document, source: ScenarioSource, problem: Problem): Diagnostic {
  const steps = walk(doc, problem.key !== undefined ? problem.path.slice(0, -1) : problem.path);
  const last = steps[steps.length - 1]!;
  let target: unknown = last.node;
  if (problem.key !== undefined && isMap(last.node)) {
    // An unknown key: point at the key itself, not at its value.
    target = last.node.items.find((p) => keyText(p.key) === problem.key)?.key ?? last.node;
  } else if (problem.missing === true || steps.length <= problem.path.length) {
    // Missing: point at the mapping that lacks the key — at its own key when it
    // is a block mapping (the line the author reads), at the `{` of a flow one.
    const flow = isMap(last.node) && last.node.flow === true;
    target = !flow && last.keyNode !== undefined ? last.keyNode : last.node;
  } else if (isEmptyValue(last.node) && last.keyNode !== undefined) {
    target = last.keyNode;
  }
  return position(source, problem, target, steps);
}

function position(
  source: ScenarioSource,
  problem: Problem,
  target: unknown,
  steps: readonly Step[],
): Diagnostic {
  const base = {
    code: problem.code,
    file: source.file,
    path: formatPath(problem.path),
    message: problem.message,
    ...(problem.suggestion === undefined ? {} : { suggestion: problem.suggestion }),
  };
  // An override's node, or anything under one: the diagnostic names the override.
  const candidates = [target, ...steps.map((s) => s.node).reverse()];
  for (const node of candidates) {
    const origin = node !== null && typeof node === 'object' ? nodeOrigin(node) : undefined;
    if (origin === undefined) continue;
    if (origin.kind === 'set') {
      const r = node === target ? rangeOf(node) : undefined;
      const valueLength = origin.arg.length - origin.valueOffset;
      const start = r ? origin.valueOffset + r[0] : origin.valueOffset;
      const width = r ? r[1] - r[0] : valueLength;
      const excerpt = { text: `--set ${origin.arg}`, col: 7 + start, width: Math.max(1, width) };
      return { ...base, line: 0, col: 0, override: origin.arg, excerpt };
    }
    // A node a variant created (a new mapping): point at the variant's entry.
    const r = rangeOf(origin.anchor);
    if (r) return { ...base, ...sourceSpan(source, r[0], r[1]) };
  }
  const r = rangeOf(target) ?? rangeOf(steps[0]?.node);
  if (r === undefined) return { ...base, line: 1, col: 1 };
  return { ...base, ...sourceSpan(source, r[0], r[1]) };
}

/** zod can report one place twice (a union's branches); keep the first of each. */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const k = `${d.path}\u0000${d.message}\u0000${d.line}:${d.col}\u0000${d.override ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
