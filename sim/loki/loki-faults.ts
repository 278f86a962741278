/**
 * Faults of a Loki cluster (decision 10), as data fixed before the run: the
 * backend schedules each at its instant. Host-side partitions (some hosts cut
 * off from the backend) are answered per request by `cutOff`.
 */

/** One fault event on the cluster's timeline. */
export type LokiFault =
  | {
      readonly kind: 'node_crash';
      readonly atUs: number;
      readonly target: 'ingester' | 'distributor';
      readonly index: number;
      /** Restart after this long; undefined = stays down. */
      readonly restartAfterUs: number | undefined;
    }
  | {
      /** Each ingester in turn is stopped for `downtimeUs`, one every `spacingUs`. */
      readonly kind: 'rolling_restart';
      readonly atUs: number;
      readonly spacingUs: number;
      readonly downtimeUs: number;
    }
  | {
      /** Ingesters join (delta > 0) or leave (delta < 0, the newest first). */
      readonly kind: 'scale';
      readonly atUs: number;
      readonly delta: number;
    }
  | {
      /** Ingesters unreachable from every distributor for a while. */
      readonly kind: 'partition_ingesters';
      readonly atUs: number;
      readonly untilUs: number;
      readonly ingesters: readonly number[];
    };

/** Hosts cut off from the backend for a while (their pushes time out). */
export interface HostPartition {
  readonly fromUs: number;
  readonly toUs: number;
  /** undefined: every service. */
  readonly service: string | undefined;
  /** Selected host indices within the service: the first N, or a list. */
  readonly hosts: 'all' | { readonly first: number } | { readonly ids: readonly number[] };
}

/** Whether a host (index within its service) is in a partition's selection. */
export function partitionHitsHost(p: HostPartition, service: string, host: number): boolean {
  if (p.service !== undefined && p.service !== service) return false;
  if (p.hosts === 'all') return true;
  if ('first' in p.hosts) return host < p.hosts.first;
  return p.hosts.ids.includes(host);
}

/** A key that separates hosts hit by different partitions, for cohort planning. */
export function partitionSignature(
  partitions: readonly HostPartition[],
  service: string,
  host: number,
): string {
  const hits: number[] = [];
  partitions.forEach((p, i) => {
    if (p.hosts !== 'all' && partitionHitsHost(p, service, host)) hits.push(i);
  });
  return hits.length > 0 ? `|loki-partition:${hits.join(',')}` : '';
}
