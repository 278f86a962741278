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

/** Typed builders of every built-in fault type (a backend's own types: see its module). */
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
  partition: (at: DurationText, body: { service?: string; hosts?: HostsText; for: DurationText }) =>
    entry('partition', { at }, body),
  /** A Loki ingester or distributor dies. */
  nodeCrash: (
    when: When,
    body: { component?: 'ingester' | 'distributor'; index?: number; restart_after?: DurationText },
  ) => entry('node_crash', when, body),
  /** Loki ingesters cut off from the distributors. */
  ingesterPartition: (at: DurationText, body: { ingesters: readonly number[]; for: DurationText }) =>
    entry('ingester_partition', { at }, body),
  /** Every Loki ingester restarted in turn. */
  rollingRestart: (at: DurationText, body: { spacing?: DurationText; downtime?: DurationText } = {}) =>
    entry('rolling_restart', { at }, body),
  /** Loki ingesters join (> 0) or leave (< 0). */
  scale: (at: DurationText, body: { ingesters: number }) => entry('scale', { at }, body),
  /** A deploy that changes the label set. */
  deploy: (at: DurationText, body: { service?: string; add_labels?: string[]; remove_labels?: string[] }) =>
    entry('deploy', { at }, body),
};
