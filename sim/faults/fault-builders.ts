/**
 * Builders of `faults:` entries as a scenario file writes them, for a
 * library user's own tests: a property test draws times and sizes, builds
 * entries with these, and hands the scenario to loadScenarioFromObject. Units
 * are written as in YAML (`'5m'`, `'10s'`, or µs as a number); the entries are
 * validated like any scenario, so a bad value is a ScenarioError with its path.
 */

/** A duration as a scenario writes it: `'500ms'`, `'5m'`, `'1h30m'`, or microseconds. */
export type DurationText = string | number;
/** Hosts of a service a fault hits: all, the first N, or listed indices. */
export type HostsText = 'all' | number | readonly number[];

/** When a fault happens: once `at`, or at random instants about `every` so often (recurring types). */
export type When = { readonly at: DurationText } | { readonly every: DurationText };

type Entry<K extends string, B> = When & { readonly [key in K]: B };

const entry = <K extends string, B>(key: K, when: When, body: B): Entry<K, B> =>
  ({ ...when, [key]: body }) as Entry<K, B>;

/**
 * Typed builders of every built-in fault type, one signature for all:
 * `faults.x(when, body)`. A type that does not recur takes `{ at }` only
 * (an `every` is a ScenarioError at its path, as in a file).
 */
export const faults = {
  /** The endpoint refuses (503) or swallows every push. */
  outage: (when: When, body: { for: DurationText; mode?: 'refuse' | 'timeout' }) =>
    entry('outage', when, body),
  /** A service writes `factor` times its rate. */
  chatty: (when: When, body: { service: string; factor: number; for: DurationText }) =>
    entry('chatty', when, body),
  /** Links get slower. */
  networkStall: (
    when: When,
    body: {
      service?: string;
      hosts?: HostsText;
      for: DurationText;
      extra_latency?: DurationText;
      bandwidth_factor?: number;
    },
  ) => entry('network_stall', when, body),
  /** Agents die and restart from their last checkpoint. */
  agentCrash: (when: When, body: { service?: string; hosts?: HostsText; restart_after: DurationText }) =>
    entry('agent_crash', when, body),
  /** The host disk is full. */
  diskFull: (when: When, body: { service?: string; hosts?: HostsText; for: DurationText }) =>
    entry('disk_full', when, body),
  /** Hosts cut off from the backend. */
  partition: (when: When, body: { service?: string; hosts?: HostsText; for: DurationText }) =>
    entry('partition', when, body),
  /** The backend's whole write path is down, whatever the backend (503, or no answer). */
  backendDown: (when: When, body: { for: DurationText; mode?: 'refuse' | 'timeout' }) =>
    entry('backend_down', when, body),
  /** A storage node of the backend dies, whatever the backend (a Loki ingester, an Elasticsearch data node). */
  nodeLoss: (when: When, body: { node?: number; restart_after?: DurationText } = {}) =>
    entry('node_loss', when, body),
  /** A deploy logs one more field, whatever the backend (a Loki label if the design names it, an Elasticsearch field). */
  fieldAdded: (
    when: When,
    body: { service?: string; name: string; cardinality: number | string; popularity?: 'uniform' | 'zipf' },
  ) => entry('field_added', when, body),
  /** A Loki ingester or distributor dies. */
  nodeCrash: (
    when: When,
    body: { component?: 'ingester' | 'distributor'; index?: number; restart_after?: DurationText },
  ) => entry('node_crash', when, body),
  /** Loki ingesters cut off from the distributors. */
  ingesterPartition: (when: When, body: { ingesters: readonly number[]; for: DurationText }) =>
    entry('ingester_partition', when, body),
  /** Every Loki ingester restarted in turn. */
  rollingRestart: (when: When, body: { spacing?: DurationText; downtime?: DurationText } = {}) =>
    entry('rolling_restart', when, body),
  /** Loki ingesters join (> 0) or leave (< 0). */
  scale: (when: When, body: { ingesters: number }) => entry('scale', when, body),
  /** A deploy that changes the label set. */
  deploy: (when: When, body: { service?: string; add_labels?: string[]; remove_labels?: string[] }) =>
    entry('deploy', when, body),
  /** An Elasticsearch data node dies. */
  esNodeCrash: (when: When, body: { node?: number; restart_after?: DurationText } = {}) =>
    entry('es_node_crash', when, body),
  /** A share of a service's lines carry keys never seen before (a mapping explosion). */
  esFieldGrowth: (when: When, body: { service?: string; share?: number; for?: DurationText } = {}) =>
    entry('es_field_growth', when, body),
  /** A share of a service's lines carry a field whose type conflicts with the mapping. */
  esTypeConflict: (when: When, body: { service?: string; share?: number; for?: DurationText } = {}) =>
    entry('es_type_conflict', when, body),
  /** Every Elasticsearch data node gets `by` more disk. */
  esDiskGrow: (when: When, body: { by: string | number }) => entry('es_disk_grow', when, body),
};
