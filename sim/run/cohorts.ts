/**
 * Hosts of one service that nothing tells apart (same service, same faults)
 * are simulated together as a cohort that ships in lockstep: every count is
 * multiplied by the cohort's size, so the ledger stays exact while the event
 * count grows with cohorts, not hosts. A fault aimed at particular hosts gives
 * them a different signature, which puts them in cohorts of their own.
 */
export interface Cohort {
  readonly service: string;
  /** First host index (within the service) and host count. */
  readonly firstHost: number;
  readonly hosts: number;
  /** Stable name, used for the cohort's random streams: `api/hosts-0-39`. */
  readonly name: string;
}

/**
 * Splits a service's hosts into cohorts of at most `maxHosts`, as evenly as
 * possible, without mixing hosts whose fault signatures differ.
 * `signatureOf(host)` returns a string key; hosts with equal keys may share a cohort.
 */
export function planCohorts(
  service: string,
  hosts: number,
  maxHosts: number,
  signatureOf: (host: number) => string = () => '',
): Cohort[] {
  // Group consecutive runs of equal signature, then split each run evenly.
  const runs: { first: number; count: number }[] = [];
  let runStart = 0;
  for (let h = 1; h <= hosts; h++) {
    if (h === hosts || signatureOf(h) !== signatureOf(runStart)) {
      runs.push({ first: runStart, count: h - runStart });
      runStart = h;
    }
  }
  const cohorts: Cohort[] = [];
  for (const run of runs) {
    const parts = Math.ceil(run.count / maxHosts);
    const base = Math.floor(run.count / parts);
    const extra = run.count % parts;
    let first = run.first;
    for (let i = 0; i < parts; i++) {
      const size = base + (i < extra ? 1 : 0);
      const last = first + size - 1;
      // join builds one flat string; a template literal would keep a tree of string pieces
      // (≈ 100 bytes more per cohort, paid 100k times by a fleet of single-host cohorts).
      cohorts.push({
        service,
        firstHost: first,
        hosts: size,
        name: [service, '/hosts-', first, '-', last].join(''),
      });
      first += size;
    }
  }
  return cohorts;
}
