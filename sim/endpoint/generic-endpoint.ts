import { round4 } from '../metrics/report-rounding.ts';
import { keep, Prefetch } from '../engine/prefetch.ts';
import type { Simulation } from '../engine/simulation.ts';
import type {
  DeliverySink,
  IngestBackend,
  PushOutcome,
  PushReplyTarget,
  PushRequest,
} from '../backend/push.ts';

/** A window during which the backend does not take writes. */
export interface BackendOutage {
  readonly fromUs: number;
  readonly toUs: number;
  /** `refuse`: answers 503 at once; `timeout`: never answers, so senders time out. */
  readonly mode: 'refuse' | 'timeout';
}

export interface GenericEndpointConfig {
  readonly linesPerSec: number;
  readonly bytesPerSec: number;
  /** Fixed cost of one request, whatever its size. */
  readonly requestOverheadUs: number;
  /** Bytes waiting (queued or in service) beyond which a request is refused with 429. */
  readonly maxQueuedBytes: number;
  readonly outages: readonly BackendOutage[];
}

// Outcomes are read-only: every accepted request shares one (no allocation per request).
const OK: PushOutcome = Object.freeze({ kind: 'ok' });

/**
 * The generic ingest endpoint: one FIFO server with a finite capacity in lines
 * and bytes per second and a bounded queue. Service time is the larger of the
 * two capacity costs plus a fixed overhead, so the endpoint saturates on
 * whichever resource the traffic exhausts first. A request is durable when its
 * service completes.
 */
export class GenericEndpoint implements IngestBackend {
  readonly kind = 'endpoint';
  private busyUntilUs = 0;
  private queuedBytes = 0;
  // Waiting requests and where each answer goes, as two parallel arrays: a pair object per
  // request would be one more allocation (and cache miss) per request.
  private readonly queue: (PushRequest | undefined)[] = [];
  private readonly replyTos: (PushReplyTarget | undefined)[] = [];
  private queueHead = 0;
  /** The completion event (indexed, payload unused: the queue's head is the request it completes). */
  private readonly completeEvent: number;
  // Figures for the report.
  private accepted = 0;
  private refusedFull = 0;
  private refusedOutage = 0;
  private timedOutOutage = 0;
  private peakQueuedBytes = 0;
  private busyUs = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly config: GenericEndpointConfig,
    private readonly sink: DeliverySink,
  ) {
    this.completeEvent = sim.registerIndexed(() => this.complete());
  }

  receive(request: PushRequest, replyTo: PushReplyTarget): void {
    const now = this.sim.now;
    const outage = this.outageAt(now);
    if (outage !== undefined) {
      if (outage.mode === 'timeout') {
        // The request is swallowed: nothing is durable and no answer comes back.
        this.timedOutOutage++;
        return;
      }
      this.refusedOutage++;
      request.outcome = { kind: 'retry', status: 503, reason: 'backend unavailable' };
      replyTo.reply(request);
      return;
    }
    if (this.queuedBytes + request.bytes > this.config.maxQueuedBytes && this.queuedBytes > 0) {
      this.refusedFull++;
      request.outcome = { kind: 'retry', status: 429, reason: 'ingest queue full' };
      replyTo.reply(request);
      return;
    }
    const serviceUs =
      this.config.requestOverheadUs +
      Math.ceil(
        Math.max(
          (request.lines * 1e6) / this.config.linesPerSec,
          (request.bytes * 1e6) / this.config.bytesPerSec,
        ),
      );
    const start = Math.max(now, this.busyUntilUs);
    this.busyUntilUs = start + serviceUs;
    this.busyUs += serviceUs;
    this.queuedBytes += request.bytes;
    this.peakQueuedBytes = Math.max(this.peakQueuedBytes, this.queuedBytes);
    this.queue.push(request);
    this.replyTos.push(replyTo);
    this.sim.scheduleAtIndexed(this.busyUntilUs, this.completeEvent, 0);
  }

  private complete(): void {
    const request = this.queue[this.queueHead];
    const replyTo = this.replyTos[this.queueHead];
    if (request === undefined || replyTo === undefined)
      throw new Error('endpoint completion with an empty queue');
    this.queue[this.queueHead] = undefined;
    this.replyTos[this.queueHead++] = undefined;
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.replyTos.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    this.prefetchAhead();
    this.queuedBytes -= request.bytes;
    this.accepted++;
    this.sink.deliver(request.source, request.startOffset, request.endOffset);
    request.outcome = OK;
    replyTo.reply(request);
  }

  /**
   * The queue is FIFO, so the next completions' requests are known: load what their deliveries
   * and answers will read, one step of each chain per completion (engine/prefetch.ts). The next
   * request gets its Indirect step, the one after its Direct step, and the third is itself
   * loaded, so that each step finds the values it starts from in cache. At 10⁵ agents this took
   * a completion from ~0.8 µs to ~0.45 µs (docs/performance.md).
   */
  private prefetchAhead(): void {
    const head = this.queueHead;
    this.prefetchRequest(head, Prefetch.Indirect);
    this.prefetchRequest(head + 1, Prefetch.Direct);
    const third = this.queue[head + 2];
    if (third !== undefined) keep(third.source);
  }

  private prefetchRequest(at: number, step: Prefetch): void {
    const request = this.queue[at];
    if (request === undefined) return;
    this.sink.prefetch?.(request.source, step);
    this.replyTos[at]?.prefetch?.(request, step);
  }

  heldRanges(source: number): [number, number][] {
    // The checker asks once per source; index the queue once per state (state only changes inside
    // events), so a fleet of 100k sources costs one pass, not one pass per source.
    if (this.heldIndexAtEvent !== this.sim.eventsProcessed || this.heldIndexAtUs !== this.sim.now) {
      this.heldIndex.clear();
      for (let i = this.queueHead; i < this.queue.length; i++) {
        const r = this.queue[i] as PushRequest;
        let list = this.heldIndex.get(r.source);
        if (list === undefined) this.heldIndex.set(r.source, (list = []));
        list.push([r.startOffset, r.endOffset]);
      }
      this.heldIndexAtEvent = this.sim.eventsProcessed;
      this.heldIndexAtUs = this.sim.now;
    }
    return (this.heldIndex.get(source) ?? []).map(([s, e]): [number, number] => [s, e]);
  }

  private readonly heldIndex = new Map<number, [number, number][]>();
  private heldIndexAtEvent = -1;
  private heldIndexAtUs = -1;

  report(): Record<string, unknown> {
    return {
      requestsAccepted: this.accepted,
      requestsRefusedQueueFull: this.refusedFull,
      requestsRefusedOutage: this.refusedOutage,
      requestsTimedOutOutage: this.timedOutOutage,
      queuePeakBytes: this.peakQueuedBytes,
      utilization: this.sim.now > 0 ? round4(Math.min(1, this.busyUs / this.sim.now)) : 0,
    };
  }

  private outageAt(tUs: number): BackendOutage | undefined {
    // An indexed loop: for-of allocated an iterator on every request (measured).
    const outages = this.config.outages;
    for (let k = 0; k < outages.length; k++) {
      const o = outages[k] as BackendOutage;
      if (tUs >= o.fromUs && tUs < o.toUs) return o;
    }
    return undefined;
  }
}
