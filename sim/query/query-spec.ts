/**
 * One class of queries, as the query path sees it (decision 05a, user-needs
 * item 12): a label selector over a time range, and either a needle search
 * (find one line by its text) or an aggregate (count lines by labels).
 *
 * Plain data in canonical units (µs, bytes): the scenario schema produces it
 * (sim/run/query-settings.ts), tests build it directly.
 */

/** The line filter a query applies, which sets its grep cost per byte. */
export type LineFilter = 'none' | 'substring' | 'regex';

/** What a query class asks. */
export type QueryKind =
  | { readonly kind: 'needle'; readonly text: string }
  | { readonly kind: 'count'; readonly by: readonly string[] };

/** How arrivals of a class are spaced. */
export type ArrivalProcess = 'periodic' | 'poisson';

/** A query class. */
export interface QuerySpec {
  readonly name: string;
  /** Mean µs between two queries of this class. */
  readonly everyUs: number;
  readonly arrival: ArrivalProcess;
  /** The range each query covers, ending at its arrival. */
  readonly rangeUs: number;
  /** Equality label matchers (`{service="api", level="error"}`). */
  readonly match: Readonly<Record<string, string>>;
  readonly query: QueryKind;
  readonly filter: LineFilter;
  /** Needle queries look for a needle planted at least this long before the query. */
  readonly needleMinAgeUs: number;
  /**
   * How old the data is (absent: 0, the range ends at arrival). The run's own
   * data stands for data of that age; the age only sets the tier it is read from.
   */
  readonly ageUs?: number;
}

/** The LogQL a spec stands for, for explain output and reports. */
export function logqlOf(spec: Pick<QuerySpec, 'match' | 'query' | 'filter'>): string {
  const selector = `{${Object.entries(spec.match)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
  if (spec.query.kind === 'needle') {
    const op = spec.filter === 'regex' ? '|~' : '|=';
    return `${selector} ${op} ${JSON.stringify(spec.query.text)}`;
  }
  const filter = spec.filter === 'none' ? '' : ` ${spec.filter === 'regex' ? '|~' : '|='} "…"`;
  const by = spec.query.by.length > 0 ? ` by (${spec.query.by.join(', ')})` : '';
  return `sum${by} (count_over_time(${selector}${filter} [$range]))`;
}
