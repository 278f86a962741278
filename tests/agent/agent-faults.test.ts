// The stories of decisions 02 and 03, each on a small fleet: what each design loses,
// duplicates, stalls or keeps on disk when a fault hits.
import { describe, expect, it } from 'vitest';
import { run, smallScenario } from './run-helper.ts';

const outage = (at = '5m', length = '5m') => ({ at, outage: { for: length } });
const crash = (at: string, extra: Record<string, unknown> = {}) => ({
  at,
  agent_crash: { service: 'api', restart_after: '20s', ...extra },
});
const patientRetries = { max_retries: 'unlimited', max_backoff: '10s' };

describe('decision 02: at-least-once agents', () => {
  it('commit on ack: a crash re-sends from the checkpoint, duplicates and no loss', () => {
    const { report } = run(
      smallScenario({ faults: [crash('3m'), crash('9m')], agent: { retry: patientRetries } }),
    );
    expect(report.ledger.duplicates).toBeGreaterThan(0);
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.agent.crashes).toBe(8);
  });

  it('commit on read: lines read but unacknowledged at the crash are lost', () => {
    const { report } = run(
      smallScenario({
        faults: [outage('5m', '2m'), crash('6m')],
        agent: { commit: 'on_read', retry: patientRetries },
      }),
    );
    expect(report.ledger.lost['agent_crash_unacked']).toBeGreaterThan(0);
  });

  it('rotation that outruns a blocked agent deletes unread lines, and the open deleted file holds disk', () => {
    const { report } = run(
      smallScenario(
        { faults: [outage('2m', '10m')], agent: { retry: patientRetries, buffer: { max_size: '1MiB' } } },
        { rotation: { max_file_size: '1MB', keep: 1 } },
      ),
    );
    expect(report.ledger.lost['rotated_before_read']).toBeGreaterThan(0);
    expect(report.agent.rotations).toBeGreaterThan(0);
    // Active + one rotated file, plus the deleted file the agent still reads.
    expect(report.agent.fileDiskPeakBytes).toBeGreaterThan(2_000_000);
  });

  it('a deleted file the blocked agent holds open fills a small disk: the app then loses lines (beats#2395)', () => {
    const { report } = run(
      smallScenario(
        { faults: [outage('2m', '10m')], agent: { retry: patientRetries, buffer: { max_size: '256KiB' } } },
        { rotation: { max_file_size: '1MB', keep: 1, disk_size: '3MB' } },
      ),
    );
    expect(report.ledger.lost['disk_full']).toBeGreaterThan(0);
    expect(report.agent.fileDiskPeakBytes).toBeLessThan(3_500_000);
  });

  it('copytruncate loses the lines written during a slow copy', () => {
    const { report } = run(
      smallScenario(
        {},
        { rotation: { max_file_size: '1MB', keep: 2, strategy: 'copytruncate', copy_rate: '100kB/s' } },
      ),
    );
    expect(report.ledger.lost['copytruncate_race']).toBeGreaterThan(0);
  });

  it('rename rotation that keeps up loses nothing', () => {
    const { report } = run(smallScenario({}, { rotation: { max_file_size: '1MB', keep: 2 } }));
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.agent.rotations).toBeGreaterThan(0);
  });
});

describe('decision 03: block, drop or spill', () => {
  const socket = { transport: 'socket', logger: { mode: 'sync' } };
  const small = (buffer: Record<string, unknown>) => ({
    faults: [outage('2m', '6m')],
    agent: { retry: patientRetries, buffer: { max_size: '2MiB', ...buffer } },
  });

  it('block with a synchronous socket logger stalls the application and loses nothing', () => {
    const { report } = run(smallScenario(small({ when_full: 'block' }), socket));
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.app.stallSeconds).toBeGreaterThan(60);
    expect(report.app.requestsDelayedShare).toBeGreaterThan(0);
  });

  it('drop_newest never stalls the application and loses lines when full', () => {
    const { report } = run(smallScenario(small({ when_full: 'drop_newest' }), socket));
    expect(report.app.stallSeconds).toBe(0);
    expect(report.ledger.lost['dropped_when_full']).toBeGreaterThan(0);
  });

  it('spill holds the outage on disk: no stall, no loss, disk used', () => {
    const { report } = run(smallScenario(small({ type: 'spill', disk_max_size: '1GiB' }), socket));
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.app.stallSeconds).toBe(0);
    expect(report.agent.diskPeakBytes).toBeGreaterThan(1_000_000);
  });

  it('an async logger with a bounded queue drops at the application', () => {
    const { report } = run(
      smallScenario(small({ when_full: 'block' }), {
        transport: 'socket',
        logger: { mode: 'async', queue_size: 500 },
      }),
    );
    expect(report.ledger.lost['app_queue_full']).toBeGreaterThan(0);
    expect(report.app.stallSeconds).toBe(0);
  });

  it('a full disk loses the lines the app could not write to its file', () => {
    const { report } = run(
      smallScenario({ faults: [{ at: '3m', disk_full: { service: 'api', hosts: [1], for: '1m' } }] }),
    );
    // 50 lines/s for 60 s on one host.
    expect(report.ledger.lost['disk_full']).toBeGreaterThan(2500);
    expect(report.ledger.lost['disk_full']).toBeLessThan(3500);
  });

  it('a full disk under a spill buffer with on_disk_full: lose loses with disk_full', () => {
    const { report } = run(
      smallScenario(
        {
          faults: [outage('2m', '6m'), { at: '1m', disk_full: { for: '10m' } }],
          agent: {
            retry: patientRetries,
            buffer: { type: 'spill', max_size: '1MiB', disk_max_size: '1GiB', on_disk_full: 'lose' },
          },
        },
        socket,
      ),
    );
    expect(report.ledger.lost['disk_full']).toBeGreaterThan(0);
  });

  it('a network stall slows delivery (lag up) without losing lines', () => {
    const base = run(smallScenario());
    const { report } = run(
      smallScenario({ faults: [{ at: '2m', network_stall: { for: '5m', extra_latency: '3s' } }] }),
    );
    expect(report.ledger.lostTotal).toBe(0);
    expect(report.lag.p99).toBeGreaterThan(base.report.lag.p99 + 1);
  });
});
