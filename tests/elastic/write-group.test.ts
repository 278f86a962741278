/**
 * A write group stands for nodes that take the same work from every bulk:
 * its one pool plus each member's excess (search CPU) must give every member
 * exactly the backlog a node of its own would have, and the group's slowest
 * member is the one an acknowledgement waits for.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { WriteGroup, type GroupMember } from '../../sim/elastic/write-group.ts';
import { WritePool } from '../../sim/elastic/write-pool.ts';

type Step =
  { dt: number; kind: 'bulk'; serviceUs: number } | { dt: number; kind: 'search'; node: number; us: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    dt: fc.integer({ min: 0, max: 5000 }),
    kind: fc.constant('bulk' as const),
    serviceUs: fc.integer({ min: 1, max: 4000 }),
  }),
  fc.record({
    dt: fc.integer({ min: 0, max: 5000 }),
    kind: fc.constant('search' as const),
    node: fc.integer({ min: 0, max: 3 }),
    us: fc.integer({ min: 1, max: 20_000 }),
  }),
);

describe('write group', () => {
  test('each member finishes exactly when a node of its own would; the slowest sets the group’s finish', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => {
        const cores = 4;
        const group = new WriteGroup(cores, 1, 1);
        const members: GroupMember[] = Array.from({ length: 4 }, () => ({ excessKey: 0 }));
        for (const m of members) group.add(m, 0, 0);
        const own = members.map(() => new WritePool(cores));
        let now = 0;
        for (const s of steps) {
          now += s.dt;
          if (s.kind === 'search') {
            group.delay(members[s.node]!, s.us / cores, now);
            own[s.node]!.takeCpu(s.us, now);
            continue;
          }
          const done = group.enqueue(1, now, s.serviceUs, now, 0, false) + group.maxExcessUs(now);
          const each = own.map((p) => p.enqueue(1, now, s.serviceUs, now, 0, false));
          expect(done).toBeCloseTo(Math.max(...each), 6);
          members.forEach((m, i) => expect(group.busyUntilUs(m, now)).toBeCloseTo(own[i]!.busyUntilUs, 6));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a member that joins busier than the pool keeps its backlog; one less busy joins as busy as the pool', () => {
    const group = new WriteGroup(2);
    const a: GroupMember = { excessKey: 0 };
    group.add(a, 0, 0);
    group.enqueue(1, 1000, 500, 1000, 0, false); // pool busy until 1500
    const busy: GroupMember = { excessKey: 0 };
    group.add(busy, 4000, 1000);
    expect(group.busyUntilUs(busy, 1000)).toBe(4000);
    const idle: GroupMember = { excessKey: 0 };
    group.add(idle, 1000, 1000);
    expect(group.busyUntilUs(idle, 1000)).toBe(1500);
    // The busy one's excess drains only while the pool idles: at 3000 the pool has idled 1500 µs.
    expect(group.busyUntilUs(busy, 3000)).toBe(4000);
    group.remove(busy);
    expect(group.maxExcessUs(3000)).toBe(0);
  });
});
