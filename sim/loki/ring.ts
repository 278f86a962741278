/**
 * The ingester token ring (decision 10): each ingester owns `num_tokens`
 * random 32-bit tokens; a stream's token is looked up clockwise and the first
 * `rf` distinct ingesters found are its replica set.
 *
 * Health and quorum follow dskit, which Loki's ring is built on
 * (grafana/dskit ring/replication_strategy.go, defaultReplicationStrategy.Filter):
 * the replica set is the first `rf` distinct instances whatever their health;
 * instances that missed their heartbeat are then filtered out "so the one
 * doesn't even try to write to them" but are "still included in the
 * calculation of minSuccess, so if too many failed instances [are present]
 * the whole write [fails]". So an unhealthy ingester counts as a failed
 * replica write; it is not replaced by the next healthy one. That is what
 * produces "at least 2 live replicas required, could only find 1"
 * (reference/user-needs.md §1 item 13). Instances in a transitional state
 * (JOINING/LEAVING) instead extend the set by one for writes, and the quorum
 * is computed on the larger set; `extendsSet` models that.
 */
import type { RandomStreams } from '../engine/rng.ts';
import { quorumFor } from './quorum.ts';

/** Ingesters are numbered by the caller; the ring only compares ids. */
export type IngesterId = number;

/** The named random stream tokens are drawn from (DESIGN.md, principle 2). */
export const RING_TOKENS_STREAM = 'ring/tokens';

/** `-ingester.num-tokens` 128 per ingester — grafana/loki docs/sources/shared/configuration.md */
export const DEFAULT_TOKENS_PER_INGESTER = 128;

/** `-distributor.replication-factor` 3 — configuration.md; docs/sources/get-started/components.md */
export const DEFAULT_REPLICATION_FACTOR = 3;

const TOKEN_SPACE = 0x1_0000_0000;

/** No instance extends a replica set (the default): one function, not a closure per call. */
const NEVER_EXTENDS = (): boolean => false;

/** The replicas chosen for one token, and what a write to them needs. */
export interface ReplicaSet {
  /** The replica set in ring order: the first rf distinct instances (plus extensions). */
  readonly instances: readonly IngesterId[];
  /** The healthy members of `instances`, the ones a distributor writes to. */
  readonly live: readonly IngesterId[];
  /** Acknowledgements needed: floor(size/2)+1 where size = max(rf, instances). */
  readonly minSuccess: number;
  /** Live replicas that may fail with the write still succeeding (negative when it cannot). */
  readonly maxFailures: number;
  /** False when fewer than minSuccess instances are live: the write fails without trying. */
  readonly ok: boolean;
}

/**
 * A consistent-hashing ring. Tokens are drawn from the `ring/tokens` stream in
 * join order, so a ring built from the same seed and the same join/leave
 * sequence is identical.
 */
export class Ring {
  readonly tokensPerIngester: number;
  private readonly random: { next(): number };
  private readonly tokensByIngester = new Map<IngesterId, Uint32Array>();
  private sortedTokens = new Uint32Array(0);
  private sortedOwners = new Int32Array(0);
  private readonly taken = new Set<number>();

  /** Creates a ring holding `ingesters`, joined in the order given. */
  constructor(
    random: RandomStreams,
    ingesters: Iterable<IngesterId>,
    tokensPerIngester = DEFAULT_TOKENS_PER_INGESTER,
  ) {
    if (!Number.isInteger(tokensPerIngester) || tokensPerIngester < 1) {
      throw new RangeError(`tokensPerIngester must be a positive integer, got ${tokensPerIngester}`);
    }
    this.tokensPerIngester = tokensPerIngester;
    this.random = random.stream(RING_TOKENS_STREAM);
    for (const id of ingesters) this.addTokens(id);
    this.rebuild();
  }

  /** Ingester ids in join order. */
  get ingesters(): readonly IngesterId[] {
    return [...this.tokensByIngester.keys()];
  }

  /** Total tokens on the ring. */
  get size(): number {
    return this.sortedTokens.length;
  }

  /** Adds an ingester (scale up); the streams whose arcs it takes are re-homed. */
  join(id: IngesterId): void {
    this.addTokens(id);
    this.rebuild();
  }

  /** Removes an ingester and its tokens (scale down, or a forgotten member). */
  leave(id: IngesterId): void {
    const tokens = this.tokensByIngester.get(id);
    if (tokens === undefined) throw new Error(`ingester ${id} is not in the ring`);
    for (const t of tokens) this.taken.delete(t);
    this.tokensByIngester.delete(id);
    this.rebuild();
  }

  /** The ingester owning `token`: the owner of the first ring token ≥ it, wrapping. */
  ownerOf(token: number): IngesterId {
    const owners = this.sortedOwners;
    if (owners.length === 0) throw new Error('the ring is empty');
    return owners[this.firstAtOrAfter(token) % owners.length] as IngesterId;
  }

  /**
   * The replica set for `token`: walk clockwise collecting `rf` distinct
   * ingesters. An instance for which `extendsSet` is true (JOINING/LEAVING in
   * Loki) is kept and the walk looks for one more. Unhealthy instances stay
   * in the set and count against the quorum (see the file comment).
   */
  replicasFor(
    token: number,
    rf: number,
    healthy: (id: IngesterId) => boolean,
    extendsSet: (id: IngesterId) => boolean = NEVER_EXTENDS,
  ): ReplicaSet {
    const owners = this.sortedOwners;
    const n = owners.length;
    const instances: IngesterId[] = [];
    let wanted = Math.min(rf, this.tokensByIngester.size);
    const start = this.firstAtOrAfter(token);
    for (let i = 0; i < n && instances.length < wanted; i++) {
      const id = owners[(start + i) % n] as IngesterId;
      if (instances.includes(id)) continue;
      instances.push(id);
      if (extendsSet(id)) wanted = Math.min(wanted + 1, this.tokensByIngester.size);
    }
    const live = instances.filter(healthy);
    const minSuccess = quorumFor(Math.max(rf, instances.length));
    return {
      instances,
      live,
      minSuccess,
      maxFailures: live.length - minSuccess,
      ok: live.length >= minSuccess,
    };
  }

  private addTokens(id: IngesterId): void {
    if (this.tokensByIngester.has(id)) throw new Error(`ingester ${id} is already in the ring`);
    const tokens = new Uint32Array(this.tokensPerIngester);
    for (let i = 0; i < tokens.length; i++) {
      // Like Loki's token generator, skip tokens another instance already holds.
      let t: number;
      do t = Math.floor(this.random.next() * TOKEN_SPACE);
      while (this.taken.has(t));
      this.taken.add(t);
      tokens[i] = t;
    }
    this.tokensByIngester.set(id, tokens);
  }

  private rebuild(): void {
    const all: [number, IngesterId][] = [];
    for (const [id, tokens] of this.tokensByIngester) for (const t of tokens) all.push([t, id]);
    all.sort((a, b) => a[0] - b[0]);
    this.sortedTokens = Uint32Array.from(all, (e) => e[0]);
    this.sortedOwners = Int32Array.from(all, (e) => e[1]);
  }

  /** Index of the first ring token ≥ token (== length when it wraps). */
  private firstAtOrAfter(token: number): number {
    const tokens = this.sortedTokens;
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((tokens[mid] as number) < token) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
