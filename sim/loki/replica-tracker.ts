/**
 * Which acknowledged lines each ingester holds unflushed, so a crash without
 * WAL retracts exactly the acknowledged lines that no replica holds any more
 * (DeliverySink.retract, cause lost_ingester_crash), and no others.
 *
 * Per (ingester, stream) a FIFO mirrors the appends: each entry is the lines
 * one push appended, with the acknowledged record they belong to. A flushed
 * chunk of L lines consumes L lines from the front (chunks of a stream flush
 * in the order they were cut; for a stream group, whose idle parts can flush
 * before older lines of still-active streams, the attribution is approximate).
 *
 * A record is durable once one holder flushed all of its lines. When a holder
 * crashes without WAL it stops holding; the record remembers the fewest lines
 * any crashed holder still had unflushed. When the last holder is gone and
 * the record is not durable, the last `minLeft` lines of its share (the ones
 * appended last, hence flushed last) are retracted.
 */
import type { DeliverySink } from '../backend/push.ts';
import { lastLines, type Ranges } from './offset-shares.ts';
import type { StreamId } from './stream-id.ts';

/** The acknowledged share of one stream in one request. */
export interface AckRecord {
  readonly source: number;
  readonly ranges: Ranges;
  /** Replicas holding every acknowledged line. */
  holders: number;
  minLeft: number;
  durable: boolean;
}

interface Entry {
  readonly record: AckRecord | undefined;
  linesLeft: number;
}

interface Fifo {
  entries: Entry[];
  head: number;
}

/** The bookkeeping, over all ingesters. */
export class ReplicaTracker {
  private readonly byIngester = new Map<number, Map<StreamId, Fifo>>();
  /** Lines retracted so far (acknowledged, then lost on every replica). */
  retractedLines = 0;

  constructor(private readonly sink: DeliverySink) {}

  /** A new record for an acknowledged share held by `holders` replicas. */
  record(source: number, ranges: Ranges, lines: number, holders: number): AckRecord {
    return { source, ranges, holders, minLeft: lines, durable: false };
  }

  /** An ingester appended `lines` of a stream (part of `record` when it holds all of them). */
  appended(ingester: number, stream: StreamId, lines: number, record: AckRecord | undefined): void {
    if (lines <= 0) return;
    let streams = this.byIngester.get(ingester);
    if (streams === undefined) {
      streams = new Map();
      this.byIngester.set(ingester, streams);
    }
    let fifo = streams.get(stream);
    if (fifo === undefined) {
      fifo = { entries: [], head: 0 };
      streams.set(stream, fifo);
    }
    fifo.entries.push({ record, linesLeft: lines });
  }

  /** A chunk of `lines` lines of a stream reached the object store from an ingester. */
  flushed(ingester: number, stream: StreamId, lines: number): void {
    const streams = this.byIngester.get(ingester);
    const fifo = streams?.get(stream);
    if (streams === undefined || fifo === undefined) return;
    let left = lines;
    while (left > 0 && fifo.head < fifo.entries.length) {
      const e = fifo.entries[fifo.head] as Entry;
      const n = Math.min(left, e.linesLeft);
      e.linesLeft -= n;
      left -= n;
      if (e.linesLeft === 0) {
        if (e.record !== undefined) e.record.durable = true;
        fifo.head++;
      }
    }
    if (fifo.head === fifo.entries.length) streams.delete(stream);
    else if (fifo.head > 256 && fifo.head * 2 > fifo.entries.length) {
      fifo.entries = fifo.entries.slice(fifo.head);
      fifo.head = 0;
    }
  }

  /** An ingester crashed without WAL: everything it held unflushed is gone. */
  crashed(ingester: number): void {
    const streams = this.byIngester.get(ingester);
    if (streams === undefined) return;
    this.byIngester.delete(ingester);
    for (const fifo of streams.values()) {
      for (let i = fifo.head; i < fifo.entries.length; i++) {
        const e = fifo.entries[i] as Entry;
        const r = e.record;
        if (r === undefined || r.durable) continue;
        r.holders--;
        r.minLeft = Math.min(r.minLeft, e.linesLeft);
        if (r.holders === 0) {
          for (const [s, end] of lastLines(r.ranges, r.minLeft)) {
            this.retractedLines += this.sink.retract(r.source, s, end, 'lost_ingester_crash');
          }
        }
      }
    }
  }
}
