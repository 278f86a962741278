/**
 * Faults of a Loki cluster (decision 10), as data fixed before the run: the
 * backend schedules each at its instant. (Hosts cut off from the backend are
 * the network's fault: sim/network/partition-hop.ts.)
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
