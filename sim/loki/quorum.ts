/**
 * Write quorum (decision 10): a distributor acknowledges a push once a
 * quorum of the stream's replicas accepted it, floor(RF/2)+1 = 2 of 3 by
 * default (grafana/loki docs/sources/get-started/components.md).
 */

/** Acknowledgements a write needs: floor(rf/2)+1. */
export function quorumFor(rf: number): number {
  if (!Number.isInteger(rf) || rf < 1)
    throw new RangeError(`replication factor must be a positive integer, got ${rf}`);
  return Math.floor(rf / 2) + 1;
}

/** The outcome of one replicated write. */
export interface WriteOutcome {
  /** True when at least `required` replicas accepted: the client gets 2xx. */
  readonly acknowledged: boolean;
  readonly successes: number;
  readonly failures: number;
  readonly required: number;
}

/**
 * Tallies replica answers (true = accepted). `required` defaults to the quorum
 * of the number of replicas tried plus those skipped as unhealthy
 * (`replicaSetSize`), because dskit counts skipped instances as failures.
 */
export function writeOutcome(
  replicaAccepted: readonly boolean[],
  replicaSetSize = replicaAccepted.length,
  required = quorumFor(replicaSetSize),
): WriteOutcome {
  let successes = 0;
  for (const ok of replicaAccepted) if (ok) successes++;
  const failures = replicaSetSize - successes;
  return { acknowledged: successes >= required, successes, failures, required };
}

/**
 * Probability that a write fails when each of `rf` replicas fails
 * independently with probability `p`: more than rf − quorum failures, the
 * binomial tail Σ_{k=rf−q+1}^{rf} C(rf,k) p^k (1−p)^(rf−k). For rf = 3,
 * q = 2 it is 3p² − 2p³.
 */
export function writeFailureProbability(rf: number, p: number, quorum = quorumFor(rf)): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  let total = 0;
  for (let k = rf - quorum + 1; k <= rf; k++) total += binomial(rf, k) * p ** k * (1 - p) ** (rf - k);
  return total;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
