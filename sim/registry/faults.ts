/**
 * The fault registry: every fault type a scenario may name, each declared by
 * the model that acts on it. The workload's, the agents' and the network's are
 * listed here; a backend's come with its module (sim/registry/backends.ts).
 */
import { agentCrashFault, diskFullFault } from '../agent/agent-faults.ts';
import type { BackendModule } from '../backend/backend-module.ts';
import type { FaultDef } from '../faults/fault-def.ts';
import { networkStallFault, partitionFault } from '../network/network-faults.ts';
import { backendDownFault } from '../network/backend-down.ts';
import { chattyFault } from '../workload/chatty-fault.ts';
import { backendModules } from './backends.ts';

/** Fault types that do not belong to a backend, in the order `sim schema` lists them. */
const CORE_FAULTS: readonly FaultDef[] = [
  chattyFault,
  networkStallFault,
  agentCrashFault,
  diskFullFault,
  partitionFault,
  backendDownFault,
];

/** Every fault type: the core ones, then each backend's. */
export function faultDefs(): FaultDef[] {
  const out = [...CORE_FAULTS];
  for (const m of backendModules()) for (const f of m.faults) if (!out.includes(f)) out.push(f);
  return out;
}

/** The fault type named by an entry's key. */
export function faultDefOf(key: string): FaultDef | undefined {
  return faultDefs().find((f) => f.key === key);
}

/**
 * Why a design cannot act on a fault, or undefined when it can: an agent or
 * network fault needs a backend fed by agents; a backend fault needs the
 * chosen backend to declare it.
 */
export function whyInert(def: FaultDef, backend: BackendModule): string | undefined {
  switch (def.target) {
    case 'workload':
      return undefined;
    case 'agent':
    case 'network':
      return backend.usesAgents
        ? undefined
        : `backend.kind ${backend.kind} has no agents, so nothing acts on ${def.target} fault ${def.key}`;
    case 'backend': {
      if (backend.faults.includes(def)) return undefined;
      const owners = backendModules()
        .filter((m) => m.faults.includes(def))
        .map((m) => m.kind);
      const own = backend.faults.map((f) => f.key);
      return (
        `backend.kind ${backend.kind} does not act on ${def.key} faults (${owners.length > 0 ? `backend ${owners.join(', ')} does` : 'no backend does'}); ` +
        `the faults it acts on: ${own.length > 0 ? own.join(', ') : 'none of its own'}`
      );
    }
  }
}
