/**
 * A query of `queries:` as Elasticsearch runs it (decisions 04, 05a): the
 * label matchers become term clauses, a needle's text a match on `message`,
 * the range a filter on @timestamp; then, per shard, how many postings the
 * conjunction visits, how many documents match, how many an aggregation
 * walks and how many are parsed at query time (search-costs.ts prices them).
 *
 * What a matcher means here:
 *   service, level           keyword fields the agent attaches: indexed in both document modes
 *   host                     the agent's host.name: one host of the service (a 1/hosts share)
 *   a key of the service's `fields:`
 *                            documents: map — a keyword field, one value's share (1/cardinality);
 *                            documents: string — a runtime field: every candidate is parsed out of _source
 *   another label (env, …)   a constant keyword every document of the service carries
 *   anything else            no document holds the field: nothing of that service matches
 * The same holds for the `by` of an aggregate (a runtime field parses every match).
 */
import type { QuerySpec } from '../query/query-spec.ts';
import type { Level } from '../workload/level-mix.ts';
import { LEVELS } from '../workload/level-mix.ts';
import type { ServiceDesign } from '../workload/fleet-design.ts';
import type { BackingIndex, IndexedNeedle } from './backing-index.ts';
import type { ShardWork } from './search-costs.ts';

/** What the search path knows of the documents. */
export interface DocumentModel {
  readonly services: readonly ServiceDesign[];
  readonly documents: 'string' | 'map';
}

interface ServiceClause {
  readonly service: number;
  readonly level: Level | undefined;
  /** Share of the service's documents the other matchers keep (host, a field's value). */
  readonly share: number;
  /** Whether a matcher is a runtime field (documents: string): candidates are parsed. */
  readonly runtimeMatch: boolean;
}

/** A query resolved against the fleet's services, once per query. */
export interface ResolvedQuery {
  readonly clauses: readonly ServiceClause[];
  /** The services any clause selects. */
  readonly serviceSet: ReadonlySet<number>;
  /** Every service of the fleet (what the @timestamp clause alone selects). */
  readonly allServices: readonly number[];
  /** Terms looked up per shard. */
  readonly terms: number;
  readonly needle: boolean;
  readonly aggFields: number;
  /** Whether the aggregate's `by` names a runtime field. */
  readonly runtimeAgg: boolean;
  /** Whether any clause or `by` needs a runtime field. */
  readonly usesRuntimeFields: boolean;
}

const AGENT_FIELDS = new Set(['service', 'level', 'host', 'pod']);

export function resolveQuery(spec: QuerySpec, model: DocumentModel): ResolvedQuery {
  const runtime = (s: ServiceDesign, key: string): boolean =>
    model.documents === 'string' && s.fields[key] !== undefined && !AGENT_FIELDS.has(key);
  const clauses: ServiceClause[] = [];
  model.services.forEach((s, i) => {
    let share = 1;
    let runtimeMatch = false;
    let level: Level | undefined;
    for (const [key, value] of Object.entries(spec.match)) {
      if (key === 'service') {
        if (value !== s.name) return;
      } else if (key === 'level') {
        if (!(LEVELS as readonly string[]).includes(value)) return;
        level = value as Level;
      } else if (key === 'host' || key === 'pod') share /= Math.max(1, s.hosts);
      else if (s.fields[key] !== undefined) {
        const card = s.fields[key].cardinality;
        share /= card === 'unique' ? Number.POSITIVE_INFINITY : Math.max(1, card);
        if (runtime(s, key)) runtimeMatch = true;
      } else if (!s.labels.includes(key)) return;
    }
    clauses.push({ service: i, level, share, runtimeMatch });
  });
  const needle = spec.query.kind === 'needle';
  const by = spec.query.kind === 'count' ? spec.query.by : [];
  const tokens = needle ? Math.max(1, tokenCount(spec.query.kind === 'needle' ? spec.query.text : '')) : 0;
  const runtimeAgg = by.some((k) => model.services.some((s) => runtime(s, k)));
  return {
    clauses,
    serviceSet: new Set(clauses.map((c) => c.service)),
    allServices: model.services.map((_, i) => i),
    // One lookup per matcher, per token of the text, and the @timestamp range.
    terms: Object.keys(spec.match).length + tokens + 1,
    needle,
    aggFields: by.length,
    runtimeAgg,
    usesRuntimeFields: runtimeAgg || clauses.some((c) => c.runtimeMatch),
  };
}

function tokenCount(text: string): number {
  return text.split(/\W+/).filter((t) => t.length > 0).length;
}

/** One shard's part of a query. */
export interface ShardPlan {
  readonly work: ShardWork;
  /** Needle documents matching (needle queries), oldest first. */
  readonly hits: readonly IndexedNeedle[];
  /** The index's @timestamp range misses the query's: can-match skips the shard. */
  readonly outOfRange: boolean;
}

const EMPTY_WORK: ShardWork = Object.freeze({
  terms: 0,
  postings: 0,
  matches: 0,
  aggregated: 0,
  aggFields: 0,
  parsed: 0,
  parsedBytes: 0,
});

/** What shard `shard` of `index` does for query `q` over [fromUs, toUs), searched at `nowUs`. */
export function planShard(
  q: ResolvedQuery,
  index: BackingIndex,
  shard: number,
  fromUs: number,
  toUs: number,
  nowUs: number,
): ShardPlan {
  if (!index.overlaps(fromUs, toUs)) return { work: EMPTY_WORK, hits: [], outOfRange: true };
  let matched = 0;
  let matchedBytes = 0;
  let runtimeCandidates = 0;
  for (const c of q.clauses) {
    const sel = index.select(shard, fromUs, toUs, [c.service], c.level);
    const keep = Number.isFinite(c.share) ? c.share : 0;
    matched += sel.docs * keep;
    matchedBytes += sel.rawBytes * keep;
    // A runtime matcher cannot use postings: every candidate of the indexed clauses is parsed.
    if (c.runtimeMatch) runtimeCandidates += sel.docs;
  }
  const docBytes = matched > 0 ? matchedBytes / matched : 0;
  let hits: IndexedNeedle[] = [];
  // The conjunction is led by its rarest list (the @timestamp range, or the selected services'
  // terms); the other clauses only advance to its documents, and each list holds every match.
  const inRange = index.select(shard, fromUs, toUs, q.allServices, undefined).docs;
  let lead = Math.max(matched, Math.min(inRange, index.docsOf(shard, q.clauses)));
  if (q.needle) {
    hits = index.needlesIn(shard, fromUs, toUs, q.serviceSet, nowUs);
    // The needle's tokens lead: only needle documents carry them.
    lead = index.needleCount(shard, nowUs);
    matched = hits.length;
    runtimeCandidates = Math.min(runtimeCandidates, hits.length);
  }
  const parsed = Math.max(runtimeCandidates, q.runtimeAgg ? matched : 0);
  const work: ShardWork = {
    terms: q.terms,
    postings: Math.round(lead * q.terms),
    matches: Math.round(matched),
    aggregated: q.needle ? 0 : Math.round(matched),
    aggFields: q.aggFields,
    parsed: Math.round(parsed),
    parsedBytes: Math.round(parsed * docBytes),
  };
  return { work, hits, outOfRange: false };
}
