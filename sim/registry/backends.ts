/**
 * The backend registry: every backend kind a scenario may name. Adding a
 * backend is one folder with a BackendModule (sim/backend/backend-module.ts)
 * and one line in BUILT_IN below; a library user's own backend (or a test's)
 * plugs in with {@link registerBackend} before its scenario is loaded.
 */
import type { BackendModule } from '../backend/backend-module.ts';
import { elasticModule } from '../elastic/elastic-module.ts';
import { endpointModule } from '../endpoint/endpoint-module.ts';
import { lokiModule } from '../loki/loki-module.ts';
import { registerMetrics } from '../metrics/metric-registry.ts';
import { sshGrepModule } from '../sshgrep/sshgrep-module.ts';
import { COST_METRICS, costByTier } from '../storage/cost-metrics.ts';

const BUILT_IN: readonly BackendModule[] = [
  endpointModule, // sim/endpoint/
  lokiModule, // sim/loki/
  sshGrepModule, // sim/sshgrep/
  elasticModule, // sim/elastic/
];

/** The backend of a scenario that names none. */
export const DEFAULT_BACKEND_KIND = endpointModule.kind;

const modules = new Map<string, BackendModule>();
let generation = 0;

/**
 * Adds a backend kind: its schema joins the `backend:` union, its faults and
 * metrics become valid in scenarios. A kind registered twice is an error.
 */
export function registerBackend(module: BackendModule): void {
  if (modules.has(module.kind)) throw new Error(`backend kind ${module.kind} is registered twice`);
  for (const f of module.faults) {
    if (f.target !== 'backend')
      throw new Error(`backend ${module.kind} declares fault ${f.key} with target ${f.target}, not backend`);
  }
  registerMetrics(module.metrics?.fixed ?? [], module.metrics?.families ?? []);
  modules.set(module.kind, module);
  generation++;
}

for (const m of BUILT_IN) registerBackend(m);
// The bill (sim/storage/) is every backend's: its metrics are registered once, beside the backends.
registerMetrics(COST_METRICS, [costByTier]);

/** Every registered module, built-in ones first, in registration order. */
export function backendModules(): readonly BackendModule[] {
  return [...modules.values()];
}

/** The module of `kind`; throws for a kind the schema would not have let through. */
export function backendModule(kind: string): BackendModule {
  const m = modules.get(kind);
  if (m === undefined) throw new Error(`no backend module of kind ${kind}`);
  return m;
}

/** Changes whenever a module is registered (the scenario schema is rebuilt then). */
export function registryGeneration(): number {
  return generation;
}
