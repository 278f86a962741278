/**
 * The wall time of one `pssh -p P grep …` over a list of hosts: P connections
 * at once, the next host started as soon as one finishes, in list order
 * (greedy list scheduling, which is what pssh's pool does). A host that is
 * down costs its connection time-out; one that is up costs the connection
 * set-up plus reading its files at the grep rate.
 */

/** One host's job, µs. */
export type HostJobUs = number;

/** Makespan (µs) of `jobs` run in order on `parallelism` lanes. */
export function fanOutMakespanUs(jobs: Iterable<HostJobUs>, parallelism: number): number {
  const lanes: number[] = []; // a binary min-heap of lane free times
  let makespan = 0;
  for (const job of jobs) {
    let start = 0;
    if (lanes.length < parallelism) {
      lanes.push(0);
      siftUp(lanes, lanes.length - 1);
    }
    start = lanes[0] as number;
    const end = start + job;
    lanes[0] = end;
    siftDown(lanes, 0);
    if (end > makespan) makespan = end;
  }
  return makespan;
}

function siftUp(h: number[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if ((h[p] as number) <= (h[i] as number)) return;
    [h[p], h[i]] = [h[i] as number, h[p] as number];
    i = p;
  }
}

function siftDown(h: number[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && (h[l] as number) < (h[m] as number)) m = l;
    if (r < h.length && (h[r] as number) < (h[m] as number)) m = r;
    if (m === i) return;
    [h[m], h[i]] = [h[i] as number, h[m] as number];
    i = m;
  }
}
