/**
 * A fault type, declared by the model that acts on it (decision: faults are
 * never split by backend, and never silently ignored). The model names its
 * YAML key, what it targets and the schema of its body; the scenario's
 * `faults:` union is built from every declaration (sim/registry/faults.ts),
 * and a fault that nothing in the chosen design can act on is a scenario
 * error at its line and column.
 *
 *   faults: [{ at: 30m, chatty: { service: api, factor: 50, for: 10m } }]
 *                      └─key─┘ └──────────── body (the owner's schema) ──┘
 */
import { z } from 'zod';

/**
 * What a fault acts on, which decides whether a design can act on it:
 * - `workload`: the applications (every design has them);
 * - `agent`: the shipping agents (a design whose backend uses agents);
 * - `network`: the path from the agents to the first stage (likewise);
 * - `backend`: the chosen backend, which must declare the fault itself.
 */
export type FaultTarget = 'workload' | 'agent' | 'network' | 'backend';

/** Which hosts of a service a fault hits: all of them, the first N, or listed host indices. */
export type HostSelection = 'all' | { readonly first: number } | { readonly ids: readonly number[] };

/** The hosts one fault instance hits. `service` undefined: every service. */
export interface HostTarget {
  readonly service: string | undefined;
  readonly hosts: HostSelection;
}

/** One fault type. `Spec` is its body after validation (canonical units). */
export interface FaultDef<Spec = unknown> {
  /** The YAML key that names the fault in a `faults:` entry (`outage`, `chatty`). */
  readonly key: string;
  readonly target: FaultTarget;
  /** One line for `sim schema`. */
  readonly description: string;
  /** The schema of the body under `key`. */
  readonly body: z.ZodType<Spec>;
  /** Whether it may recur at random (`every:`); otherwise only `at:` is accepted. */
  readonly recurs: boolean;
  /**
   * The hosts an instance hits, when it targets particular hosts: hosts hit by
   * different faults never share a cohort. (A method, so a def of any Spec is a FaultDef.)
   */
  hostsOf?(spec: Spec): HostTarget | undefined;
}

/** Declares a fault type (an identity that lets TypeScript infer `Spec` from the body schema). */
export function defineFault<Spec>(def: FaultDef<Spec>): FaultDef<Spec> {
  return def;
}

/** The `hosts:` field of host-targeted faults. */
export function hostSelectionSchema() {
  return z
    .union([z.literal('all'), z.int().positive(), z.array(z.int().nonnegative()).min(1)])
    .default('all')
    .describe(
      'Hosts of the service hit: all, the first N (a number), or a list of host indices. Default all.',
    );
}

/** The written `hosts:` value as a selection. */
export function hostSelection(written: 'all' | number | readonly number[]): HostSelection {
  if (written === 'all') return 'all';
  return typeof written === 'number' ? { first: written } : { ids: written };
}

/** The hosts of a body with the usual `service` and `hosts` fields (for {@link FaultDef.hostsOf}). */
export function serviceHosts<
  S extends { readonly service?: string | undefined; readonly hosts: 'all' | number | readonly number[] },
>(spec: S): HostTarget {
  return { service: spec.service, hosts: hostSelection(spec.hosts) };
}

/** Whether `host` (an index within its service) is in the selection. */
export function selectsHost(selection: HostSelection, host: number): boolean {
  if (selection === 'all') return true;
  if ('first' in selection) return host < selection.first;
  return selection.ids.includes(host);
}

/** Whether a target hits `host` of `service`. */
export function hitsHost(target: HostTarget, service: string, host: number): boolean {
  return (target.service === undefined || target.service === service) && selectsHost(target.hosts, host);
}
