/**
 * Regression tests for the inputs issue 26 found answered badly: each now
 * gets exit 2 with its position (file:line:col, or the `--set` argument), the
 * key path, what was expected and the nearest valid value, or runs as the
 * documented rule says.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { memoryIo } from '../../sim/cli/io.ts';
import { loadScenarioFromText } from '../../sim/study/simulate.ts';
import { simulateScenario } from '../../sim/study/simulate.ts';
import { RateSchedule } from '../../sim/workload/rate-schedule.ts';

const dir = mkdtempSync(join(tmpdir(), 'logsim-answers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STEADY = readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', 'steady-state.yaml'), 'utf8');
const BLOCK_DROP = readFileSync(
  join(import.meta.dirname, '..', '..', 'scenarios', '03-block-drop-spill.yaml'),
  'utf8',
);

let n = 0;
/** Runs `sim` on `content` (written to a file), returns exit code and stderr. */
async function sim(content: string | Uint8Array, ...args: string[]) {
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, content);
  const io = memoryIo();
  const code = await main(['node', 'sim', 'run', file, '-q', '-o', join(dir, `out${n}`), ...args], io);
  process.exitCode = 0;
  return { code, err: io.err.replaceAll(file, 'S.yaml') };
}

describe('YAML the parser accepts but no scenario can be', () => {
  it('an alias whose anchor does not exist: exit 2 at the alias, not a ReferenceError', async () => {
    const r = await sim(STEADY.replace('when_full: block', 'when_full: *block'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^S\.yaml:26:41: the alias \*block refers to no anchor/m);
    expect(r.err).not.toMatch(/ReferenceError|\n\s+at /);
  });

  it('a billion-laughs alias bomb: exit 2 at the first alias, at the top level and inside a field', async () => {
    const bomb = [
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    const top = await sim(bomb);
    expect(top.code).toBe(2);
    expect(top.err).toMatch(/^S\.yaml:2:8: the aliases from here on expand beyond/m);
    const inField = await sim(
      STEADY.replace('seed: 42', `seed: 42\nnotes:\n  ${bomb.replaceAll('\n', '\n  ')}`),
    );
    expect(inField.code).toBe(2);
    expect(inField.err).toContain('"billion laughs" pattern');
  });

  it('a second YAML document says so in a scenario author’s words', async () => {
    const r = await sim(`${STEADY}---\nname: b\n`);
    expect(r.code).toBe(2);
    expect(r.err).toContain('a scenario file holds one YAML document, and a second one starts here (---)');
    expect(r.err).not.toContain('parseAllDocuments');
  });

  it('a UTF-16 file is named as UTF-16, with the way to convert it', async () => {
    const r = await sim(Buffer.from(`\ufeff${STEADY}`, 'utf16le'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('the file is encoded as UTF-16 LE; scenario files are UTF-8');
    const noMark = await sim(Buffer.from(STEADY, 'utf16le'));
    expect(noMark.err).toContain('UTF-16 (without a byte-order mark)');
    const latin1 = await sim(
      Buffer.concat([Buffer.from('name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    expect(latin1.err).toMatch(/^S\.yaml:1:10: byte 9 is not valid UTF-8/m);
  });

  it('a file too large, or a fleet of too many services, is refused before it is validated', async () => {
    const big = await sim(`name: x\ndescription: ${'a'.repeat(5 * 1024 * 1024)}\n`);
    expect(big.code).toBe(2);
    expect(big.err).toContain('a scenario may be at most 4 MiB');
    const services = Array.from({ length: 10_001 }, (_, i) => `    - { name: s${i}, hosts: 1, rate: 1/s }`);
    const many = await sim(`name: x\nduration: 1m\nfleet:\n  services:\n${services.join('\n')}\n`);
    expect(many.code).toBe(2);
    expect(many.err).toMatch(
      /^S\.yaml:5:5 fleet\.services: the fleet lists 10,001 services; at most 10,000/m,
    );
  });
});

describe('--set', () => {
  it('under variants. edits the variant as run, and is validated there', async () => {
    const bad = await sim(BLOCK_DROP, '--variant', 'drop', '--set', 'variants.drop.agent.buffer.type=-1');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      '--set variants.drop.agent.buffer.type=-1 agent.buffer.type: expected memory, disk or spill, got -1',
    );
    const typo = await sim(BLOCK_DROP, '--set', 'variants.dorp.agent.buffer.type=disk');
    expect(typo.err).toContain(
      'unknown variant "dorp"; variants are block, drop, spill (did you mean drop?)',
    );
    // The edit takes effect: `drop` made to block behaves as `block` does.
    const text = BLOCK_DROP;
    const edited = loadScenarioFromText(text, 'x.yaml', {
      variant: 'drop',
      overrides: ['variants.drop.agent.buffer.when_full=block', 'duration=12m'],
    });
    const block = loadScenarioFromText(text, 'x.yaml', { variant: 'block', overrides: ['duration=12m'] });
    expect(edited.agent.buffer?.when_full).toBe('block');
    expect(simulateScenario(edited).report.ledger).toEqual(simulateScenario(block).report.ledger);
  });

  it('values get the range checks YAML values get: a zero line size is exit 2 at the argument', async () => {
    const r = await sim(STEADY, '--set', 'fleet.services.0.line_size.mean=0');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      '--set fleet.services.0.line_size.mean=0 fleet.services[0].line_size.mean: expected a size above 0, got 0: a line has at least one byte',
    );
    expect(r.err).not.toContain('RangeError');
  });

  it('whole numbers written as 1e9 are whole numbers; --seeds names its bound', async () => {
    const seeds = await sim(STEADY, '--seeds', '1e9');
    expect(seeds.code).toBe(2);
    expect(seeds.err).toContain('expected a whole number ≥ 1 and ≤ 10,000 for --seeds, got 1,000,000,000');
    const events = await sim(STEADY, '--max-events', '1e15', '--set', 'duration=1m');
    expect(events.code).toBe(0);
  });
});

describe('faults', () => {
  const withFaults = (faults: string) => `${STEADY}faults:\n${faults}\n`;

  it('a rejected recurring fault reports its own branch, not the first of the union', async () => {
    const r = await sim(
      withFaults(
        '  - { every: 4m17s, partition: { for: 70s } }\n  - { at: 1m, outgae: { for: 1m } }\n  - { at: 1m, outage: { for: 1m, mode: refus } }',
      ),
    );
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('faults[0].chatty');
    expect(r.err).toContain(
      'faults[0].every: partition happens once, at the time given by `at`; it does not recur',
    );
    expect(r.err).toMatch(
      /faults\[1\]\.outgae: unknown key "outgae": expected one of chatty, .* \(did you mean outage\?\)/,
    );
    expect(r.err).toContain(
      'faults[2].outage.mode: expected refuse or timeout, got "refus" (did you mean refuse?)',
    );
  });

  it('a fault naming a service or hosts the fleet lacks is an error with the nearest name', async () => {
    const r = await sim(
      withFaults(
        [
          '  - { at: 5m, chatty: { service: apii, factor: 2, for: 1m } }',
          '  - { at: 5m, partition: { service: apii, for: 1m } }',
          '  - { at: 5m, agent_crash: { service: wrker, restart_after: 10s } }',
          '  - { at: 5m, agent_crash: { service: worker, hosts: [3, 50], restart_after: 10s } }',
        ].join('\n'),
      ),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /S\.yaml:\d+:34 faults\[0\]\.chatty\.service: the fleet has no service "apii"; its services: api, worker \(did you mean api\?\)/,
    );
    expect(r.err).toContain('faults[1].partition.service: the fleet has no service "apii"');
    expect(r.err).toContain(
      'faults[2].agent_crash.service: the fleet has no service "wrker"; its services: api, worker (did you mean worker?)',
    );
    expect(r.err).toContain(
      'faults[3].agent_crash.hosts: expected host indices 0 to 49: worker has 50 hosts, got 50',
    );
  });

  it('overlapping recurring bursts run: the largest factor applies, and a host is held to 10M lines/s', async () => {
    const r = await sim(
      withFaults('  - { every: 3s, chatty: { service: api, factor: 200, for: 2m48s } }'),
      '--set',
      'duration=4m',
    );
    expect(r.err).not.toMatch(/binomial|\n\s+at /);
    expect([0, 1]).toContain(r.code);
    const schedule = RateSchedule.withBursts([
      { fromUs: 0, toUs: 10, factor: 200 },
      { fromUs: 5, toUs: 20, factor: 50 },
    ]);
    expect([schedule.factorAt(7), schedule.factorAt(12), schedule.factorAt(25)]).toEqual([200, 50, 1]);
    const huge = loadScenarioFromText(
      withFaults('  - { at: 1m, chatty: { service: api, factor: 1e12, for: 1m } }'),
      'x.yaml',
      {
        overrides: ['duration=3m'],
      },
    );
    const report = simulateScenario(huge).report;
    expect(report.warnings.find((w) => w.code === 'capped')?.message).toContain('held to 10,000,000 lines/s');
  });

  it('zero where zero means nothing is refused, and a recurring fault is bounded', async () => {
    for (const [arg, says] of [
      ['fleet.services.api.needles.every=0', 'needles planted no time apart'],
      ['fleet.services.api.fields={id: {cardinality: 0}}', 'at least 1'],
      ['fleet.services.api.rate=0', 'a service that writes no lines'],
      ['fleet.tick=0', 'a tick of no length'],
      ['network.bandwidth=0', 'a network that carries nothing'],
      ['agent.batch.max_bytes=0', 'a batch that holds no line'],
      ['faults=[{every: 0, chatty: {service: api, factor: 2, for: 1m}}]', 'a fault recurring no time apart'],
      ['faults=[{every: 1us, chatty: {service: api, factor: 2, for: 1m}}]', 'at most 10,000'],
    ] as const) {
      const r = await sim(STEADY, '--set', arg);
      expect(r.code, arg).toBe(2);
      expect(r.err, arg).toContain(says);
    }
  });

  it('zero where the real system gives it a meaning keeps it: Loki max_global_streams_per_user 0 is no limit', () => {
    const text = (limit: string) =>
      [
        'name: z',
        'duration: 2m',
        'fleet: { services: [{ name: api, hosts: 2, rate: 50/s, labels: [service, request_id], fields: { request_id: { cardinality: unique } } }] }',
        `backend: { kind: loki${limit} }`,
      ].join('\n');
    const limited = simulateScenario(loadScenarioFromText(text(''), 'z.yaml')).report;
    const unlimited = simulateScenario(
      loadScenarioFromText(text(', limits: { max_global_streams_per_user: 0 }'), 'z.yaml'),
    ).report;
    // 12,000 streams: past the default 5,000 the pushes are refused; with 0, none is.
    expect(limited.ledger.lostTotal + limited.ledger.inFlight).toBeGreaterThan(unlimited.ledger.inFlight);
    expect(unlimited.ledger.lostTotal).toBe(0);
  });
});

describe('budgets', () => {
  it('a fleet refused for memory with cohorts as large as its services is not told to raise cohort_max_hosts', async () => {
    const r = await sim(
      STEADY,
      '--set',
      'fleet.cohort_max_hosts=1000',
      '--set',
      'duration=3650d',
      '--max-events',
      '1e15',
    );
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('raise fleet.cohort_max_hosts');
    const small = await sim(STEADY, '--set', 'fleet.cohort_max_hosts=1', '--max-events', '10');
    expect(small.err).toContain('raise fleet.cohort_max_hosts (now 1; the largest service has 150 hosts)');
  });
});

describe('carets and repeatable options', () => {
  it('an unknown expect: metric is underlined at its name, not at its threshold', async () => {
    const r = await sim(STEADY.replace('lines_lost: 0', 'lines_lots: 0'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^S\.yaml:\d+:3 expect\.lines_lots: unknown metric "lines_lots" \(did you mean lines_lost\?\)/m,
    );
    expect(r.err).toContain('\n    lines_lots: 0\n    ^^^^^^^^^^\n');
  });

  it('sim explain takes --set repeated, as sim run does', async () => {
    const io = memoryIo();
    const file = join(import.meta.dirname, '..', '..', 'scenarios', '05-labels-only-index.yaml');
    const code = await main(
      ['node', 'sim', 'explain', file, '--query', 'needle', '--set', 'duration=20m', '--set', 'seed=3'],
      io,
    );
    process.exitCode = 0;
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out).toContain('needle');
  });
});
