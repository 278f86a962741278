/**
 * The fault builders a library user writes `faults:` entries with: one
 * signature for every type, `faults.x(when, body)`, each entry valid in a
 * scenario whose backend acts on it, and a recurring `every` refused where
 * the type only happens once, as in a file.
 */
import { describe, expect, test } from 'vitest';
import { faults, loadScenarioFromObject, ScenarioError } from '../../sim/index.ts';

const design = (backend: Record<string, unknown>, entries: unknown[]) => ({
  name: 'builders',
  duration: '30m',
  fleet: { services: [{ name: 'api', hosts: 4, rate: '10/s' }] },
  backend,
  faults: entries,
});

describe('faults.* builders', () => {
  test('every core, Loki and neutral builder gives an entry a Loki scenario accepts', () => {
    const at = { at: '5m' };
    const entries = [
      faults.chatty(at, { service: 'api', factor: 3, for: '1m' }),
      faults.networkStall(at, { for: '1m', extra_latency: '50ms' }),
      faults.agentCrash(at, { restart_after: '30s' }),
      faults.diskFull(at, { for: '1m' }),
      faults.partition(at, { service: 'api', hosts: 2, for: '1m' }),
      faults.backendDown(at, { for: '2m' }),
      faults.nodeLoss(at, { node: 1, restart_after: '1m' }),
      faults.nodeCrash(at, { index: 2, restart_after: '1m' }),
      faults.ingesterPartition(at, { ingesters: [0], for: '1m' }),
      faults.rollingRestart({ at: '10m' }),
      faults.scale({ at: '20m' }, { ingesters: 1 }),
      faults.deploy({ at: '15m' }, { service: 'api', add_labels: ['level'] }),
      faults.fieldAdded(at, { service: 'api', name: 'user_id', cardinality: '50k' }),
    ];
    const s = loadScenarioFromObject(design({ kind: 'loki' }, entries));
    expect(s.faults).toHaveLength(entries.length);
  });

  test('the Elasticsearch builders give entries an Elasticsearch scenario accepts', () => {
    const at = { at: '5m' };
    const entries = [
      faults.esNodeCrash(at, { node: 1, restart_after: '2m' }),
      faults.esFieldGrowth(at, { service: 'api', share: 0.01, for: '5m' }),
      faults.esTypeConflict(at, { share: 0.001 }),
      faults.esDiskGrow({ at: '10m' }, { by: '100GB' }),
      faults.nodeLoss({ every: '10m' }, { node: 0, restart_after: '1m' }),
      faults.fieldAdded(at, { name: 'user_id', cardinality: 'unique' }),
    ];
    const s = loadScenarioFromObject(design({ kind: 'elasticsearch' }, entries));
    expect(s.faults).toHaveLength(entries.length);
  });

  test('a type that happens once refuses every:, with the entry path', () => {
    expect(() =>
      loadScenarioFromObject(design({ kind: 'loki' }, [faults.partition({ every: '5m' }, { for: '1m' })])),
    ).toThrow(ScenarioError);
  });
});
