import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hugePagesWanted, type HugePagesHost } from '../../bin/huge-pages.mjs';

const linux: HugePagesHost = {
  platform: 'linux',
  env: {},
  glibc: '2.36',
  thpMode: 'always [madvise] never\n',
};

describe('the benchmark launcher starts again on huge pages', () => {
  it('on Linux with glibc ≥ 2.35 and transparent huge pages in madvise or always mode', () => {
    expect(hugePagesWanted(linux)).toBe(true);
    expect(hugePagesWanted({ ...linux, thpMode: '[always] madvise never\n' })).toBe(true);
    expect(hugePagesWanted({ ...linux, glibc: '2.35' })).toBe(true);
    expect(hugePagesWanted({ ...linux, glibc: '3.0' })).toBe(true);
  });

  it('once: the second start, which has the tunable, does not start a third', () => {
    expect(hugePagesWanted({ ...linux, env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } })).toBe(false);
    expect(
      hugePagesWanted({
        ...linux,
        env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0' },
      }),
    ).toBe(false);
    expect(hugePagesWanted({ ...linux, env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' } })).toBe(true);
  });

  it('never where it cannot help or was turned off', () => {
    expect(hugePagesWanted({ ...linux, env: { LOGSIM_HUGE_PAGES: '0' } })).toBe(false);
    expect(hugePagesWanted({ ...linux, platform: 'darwin' })).toBe(false);
    expect(hugePagesWanted({ ...linux, glibc: undefined })).toBe(false); // musl
    expect(hugePagesWanted({ ...linux, glibc: '2.34' })).toBe(false); // no hugetlb tunable yet
    expect(hugePagesWanted({ ...linux, thpMode: 'always madvise [never]\n' })).toBe(false);
    expect(hugePagesWanted({ ...linux, thpMode: undefined })).toBe(false);
  });
});

describe('the sim command', () => {
  it('passes on its exit status and its output', () => {
    // One process, whatever the machine (tests/cli/kill.test.ts: a kill -9 leaves nothing behind).
    const bad = spawnSync(process.execPath, ['bin/sim.mjs', 'run', 'no-such-scenario.yaml'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('cannot read no-such-scenario.yaml');
    const ok = spawnSync(process.execPath, ['bin/sim.mjs', 'schema'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('"seed"');
  });
});
