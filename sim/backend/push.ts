import type { Prefetch } from '../engine/prefetch.ts';
import type { LossCause } from '../ledger/loss-cause.ts';

/**
 * What a push request carries: a contiguous range of one source's lines, as
 * counts, never one object per line. Lines that matter on their own (needles)
 * ride explicitly by offset.
 */
export interface PushRequest {
  readonly id: number;
  readonly source: number;
  readonly startOffset: number;
  readonly endOffset: number;
  readonly lines: number;
  readonly bytes: number;
  readonly errors: number;
  /** Offsets of needles inside [startOffset, endOffset). */
  readonly needles: readonly number[];
  /** Emit times of the oldest and newest line (entry timestamps as the agent parsed them). */
  readonly minEmitUs: number;
  readonly maxEmitUs: number;
  /** Hosts the request stands for (a cohort of identical hosts ships in lockstep). */
  readonly hosts: number;
  readonly sentAtUs: number;
  /** Which attempt this is (0 = first send). */
  readonly attempt: number;
  /** Filled in by the backend when it answers. */
  outcome: PushOutcome | undefined;
}

/**
 * The backend's answer. `ok`: every line is durable. `rejected`: the backend
 * refused some or all lines with a non-retryable 4xx and has recorded those
 * losses itself with their precise cause; the agent must not retry.
 * `retry`: nothing was taken (429, 5xx or a time-out); the agent may retry.
 */
export type PushOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'rejected'; readonly status: number; readonly cause: LossCause; readonly lines: number }
  | { readonly kind: 'retry'; readonly status: number; readonly reason: string };

/** Where a push answer goes back to (the sending agent, through its link). */
export interface PushReplyTarget {
  reply(request: PushRequest): void;
  /**
   * A hint that `request` is answered within the next few events: load what `reply` will read
   * (engine/prefetch.ts). Optional; changes no state.
   */
  prefetch?(request: PushRequest, step: Prefetch): void;
}

/**
 * Where a push request goes: the next stage of the pipeline (a network hop, a
 * collector, the backend). The sender learns the outcome through `replyTo`.
 */
export interface IngestTarget {
  /** A request arrives (the network delay is already spent). */
  receive(request: PushRequest, replyTo: PushReplyTarget): void;
}

/**
 * A stage of the pipeline `agents → hop → [stage → hop]* → backend`: it takes
 * requests, and may hold lines it has taken but not yet settled, which the
 * conservation check collects from every stage.
 */
export interface Stage extends IngestTarget {
  /** Ranges of one source the stage holds but has not yet settled (for the conservation check). */
  heldRanges(source: number): [number, number][];
  /** The stage's figures for the report, keys in a stable order. */
  report(): Record<string, unknown>;
  /** Optional columns for the run's time series (same keys at every sample). */
  sample?(): Record<string, number>;
}

/**
 * The ingest interface every backend implements: the generic finite-capacity
 * endpoint, and the Loki- and Elasticsearch-style backends that plug in here
 * (sim/backend/backend-module.ts). A backend records deliveries and its own
 * rejections in the ledger through the DeliverySink it was built with, then
 * answers through `replyTo`.
 */
export interface IngestBackend extends Stage {
  readonly kind: string;
}

/** Where backends settle lines: the ledger plus lag and needle bookkeeping. */
export interface DeliverySink {
  /** Lines [start, end) of `source` are durable now; returns lines delivered for the first time. */
  deliver(source: number, start: number, end: number): number;
  /** Lines [start, end) of `source` will never be delivered; returns lines newly lost. */
  lose(source: number, start: number, end: number, cause: LossCause): number;
  /** Delivered lines [start, end) turned out lost (e.g. every replica crashed unflushed); returns lines moved. */
  retract(source: number, start: number, end: number, cause: LossCause): number;
  /**
   * A hint that lines of `source` are delivered within the next few events: load what `deliver`
   * will read (engine/prefetch.ts). Optional; changes no state.
   */
  prefetch?(source: number, step: Prefetch): void;
}
