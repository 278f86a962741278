/**
 * The backend seam. Each backend is one folder that declares a BackendModule
 * and is named on one line of sim/registry/backends.ts; the scenario schema's
 * `backend:` union, the fault types a design can act on, the metrics `expect:`
 * may name, the report's sections and `sim explain` are all built from the
 * registered modules, so nothing outside a backend's folder names its kind.
 *
 *   backend: { kind: loki, … } ──schema──▶ spec ──build(context)──▶ BuiltBackend
 *                                                                     ├─ ingest   (the pipeline's last stage)
 *                                                                     ├─ sections (report.json: `loki: {…}`)
 *                                                                     └─ reader   (queries:, explain)
 */
import type { z } from 'zod';
import type { RunWarning } from '../config/run-warning.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { FaultDef } from '../faults/fault-def.ts';
import type { FaultSchedule } from '../faults/fault-schedule.ts';
import type { MetricDef, MetricFamily } from '../metrics/metric-registry.ts';
import type { NeedleCatalog } from '../query/needle-catalog.ts';
import type { QueryPathConfig } from '../query/query-path-config.ts';
import type { QueryPlan } from '../query/query-plan.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import type { ServiceDesign } from '../workload/fleet-design.ts';
import type { PricingSpec } from '../storage/pricing-schema.ts';
import type { DeliverySink, IngestBackend } from './push.ts';
import type { SourceDirectory } from './source-directory.ts';

/** A validated `backend:` section: its kind, and whatever its module's schema holds. */
export interface BackendSpec {
  readonly kind: string;
}

/** What a module is given to build its backend for one run. */
export interface BackendContext<Spec extends BackendSpec = BackendSpec> {
  readonly sim: Simulation;
  /** The `backend:` section, validated by the module's own schema. */
  readonly spec: Spec;
  /** The services of the fleet, as the scenario describes them. */
  readonly services: readonly ServiceDesign[];
  readonly durationUs: number;
  /** Every fault of the run; a module takes the instances of the types it declared (`faults.of(def)`). */
  readonly faults: FaultSchedule;
  /** Where the backend settles lines (ledger, lag, needles). */
  readonly sink: DeliverySink;
  /** Who pushes: each source's service and hosts, and when its lines were written. */
  readonly sources: SourceDirectory;
  /** The scenario's `pricing:` section, when it has one (the bill's prices; sim/storage/). */
  readonly pricing?: PricingSpec;
}

/** The queries of a run, as the read path needs them. */
export interface QueryContext {
  readonly sim: Simulation;
  readonly specs: readonly QuerySpec[];
  readonly path: QueryPathConfig;
  /** Every source's needles, to pick the one a needle query asks for. */
  readonly needles: NeedleCatalog;
  readonly durationUs: number;
}

/** A running `queries:` workload. */
export interface QueryRun {
  /** `queries.<name>` of report.json, classes in scenario order. */
  report(): Record<string, unknown>;
}

/** A backend's read path: it answers `queries:` and explains one query's plan. */
export interface BackendReader {
  startQueries(context: QueryContext): QueryRun;
  /** `sim explain`: the query's execution plan and its costs as if it ran alone at `nowUs`, on the backend's state then. */
  explain(
    spec: QuerySpec,
    nowUs: number,
    options: { title: string; path: QueryPathConfig; needleTsUs?: number },
  ): QueryPlan;
}

/** One run's backend, as its module built it. */
export interface BuiltBackend {
  /** The last stage of the pipeline. */
  readonly ingest: IngestBackend;
  /** Top-level report.json sections besides `backend` (e.g. `loki`), each with keys in a stable order. */
  sections?(): Record<string, unknown>;
  /** Present when the backend can answer `queries:`. */
  readonly reader?: BackendReader;
  /** At the end of the run: the assumptions and estimates its figures rest on (report.json `warnings`). */
  warnings?(): RunWarning[];
}

/** A backend kind. */
export interface BackendModule<Spec extends BackendSpec = BackendSpec> {
  readonly kind: string;
  /** The `backend:` section: a strict object whose `kind` is the literal {@link kind}. */
  readonly schema: z.ZodType<Spec>;
  /**
   * Whether agents ship to it. A backend without agents (ssh+grep reads the
   * hosts' files where they are) has no agent or network faults to act on.
   */
  readonly usesAgents: boolean;
  /** Whether it answers `queries:` (its BuiltBackend then has a reader). */
  readonly answersQueries: boolean;
  /** The fault types it acts on, declared here (target `backend`). */
  readonly faults: readonly FaultDef[];
  /** Metrics `expect:` may name, reading this backend's report sections. */
  readonly metrics?: { readonly fixed?: readonly MetricDef[]; readonly families?: readonly MetricFamily[] };
  /** Memory the backend keeps to the end of a run, bytes, for the budget checked before it starts. */
  memoryBytes?(spec: Spec, fleet: { services: readonly ServiceDesign[]; durationUs: number }): number;
  /** Builds the backend of one run. (A method, so a module of any Spec is a BackendModule.) */
  build(context: BackendContext<Spec>): BuiltBackend;
}

/** Declares a backend module (an identity that lets TypeScript infer `Spec` from the schema). */
export function defineBackend<Spec extends BackendSpec>(module: BackendModule<Spec>): BackendModule<Spec> {
  return module;
}
