import type { DeliverySink } from '../backend/push.ts';
import { Prefetch } from '../engine/prefetch.ts';
import { LogHistogram } from '../ledger/histogram.ts';
import type { LineLedger } from '../ledger/line-ledger.ts';
import type { LossCause } from '../ledger/loss-cause.ts';
import type { TickStore } from '../workload/tick-store.ts';

/**
 * The sink backends settle lines into: the ledger, plus ingest lag (emit →
 * durable) measured on first deliveries only, as a distribution weighted by
 * lines. Lag is taken per emission tick piece, so a batch costs a handful of
 * histogram updates however many lines it carries.
 */
export class DeliveryRecorder implements DeliverySink {
  readonly lagUs = new LogHistogram();
  /** Lag of deliveries since the last time-series sample. */
  intervalLagUs = new LogHistogram();

  constructor(
    private readonly now: () => number,
    private readonly ledger: LineLedger,
    /** The sources' logs, for emit times (asked by source index: no object per source in between). */
    private readonly ticks: TickStore,
  ) {}

  deliver(source: number, start: number, end: number): number {
    if (!(source >= 0 && source < this.ticks.sourceCount))
      throw new Error(`delivery for unknown source ${source}`);
    this.deliveredAtUs = this.now();
    // In order (the usual case) the whole range is new: no gaps array to build.
    if (end > start && this.ledger.noneDeliveredFrom(source, start))
      this.ticks.forEachTickPiece(source, start, end, this.onPiece);
    else
      for (const [s, e] of this.ledger.undeliveredGaps(source, start, end))
        this.ticks.forEachTickPiece(source, s, e, this.onPiece);
    return this.ledger.deliver(source, start, end);
  }

  // The piece visitor is bound once and reads the delivery instant from a field:
  // a closure per delivery would be an allocation on every request.
  private deliveredAtUs = 0;
  private readonly onPiece = (lines: number, emitUs: number): void => {
    const lag = Math.max(0, this.deliveredAtUs - emitUs);
    LogHistogram.addToBoth(this.lagUs, this.intervalLagUs, lag, lines);
  };

  prefetch(source: number, step: Prefetch): void {
    // deliver reads the source's ledger tail and its tick region (for lag): Direct, the home region;
    // Indirect, where a backlog moved it.
    if (step === Prefetch.Direct) this.ledger.prefetch(source);
    this.ticks.prefetch(source, step);
  }

  lose(source: number, start: number, end: number, cause: LossCause): number {
    return this.ledger.lose(source, start, end, cause);
  }

  retract(source: number, start: number, end: number, cause: LossCause): number {
    return this.ledger.retract(source, start, end, cause);
  }

  /** Starts a new interval for the time series. */
  takeInterval(): LogHistogram {
    const h = this.intervalLagUs;
    this.intervalLagUs = new LogHistogram();
    return h;
  }
}
