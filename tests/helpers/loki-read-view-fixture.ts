/**
 * A small real Loki for read-path tests: ingesters from sim/loki driven by a
 * Simulation, flushing into a real ObjectStore, behind the LokiReadView
 * contract (sim/loki/read-view.ts). Streams go to `replicationFactor`
 * consecutive ingesters (a stand-in for the ring, which the read path never
 * sees). No mocks: every chunk a query finds was cut and flushed by the
 * ingester code the write path uses.
 */
import type { Simulation } from '../../sim/engine/simulation.ts';
import type { FlushedChunk } from '../../sim/loki/chunk.ts';
import type { ChunkTotals } from '../../sim/loki/chunk-index.ts';
import type { EntryBatch } from '../../sim/loki/entry-batch.ts';
import { DEFAULT_INGESTER_CONFIG, Ingester, type IngesterConfig } from '../../sim/loki/ingester.ts';
import { labelSet, type LabelSet } from '../../sim/loki/label-set.ts';
import { tenantLimits } from '../../sim/loki/limits.ts';
import { ObjectStore } from '../../sim/loki/object-store.ts';
import type {
  IndexedStream,
  IngesterChunkRef,
  LokiReadView,
  StoredChunkRef,
} from '../../sim/loki/read-view.ts';
import { streamIdOf, type StreamId } from '../../sim/loki/stream-id.ts';

const overlaps = (min: number, max: number, from: number, to: number): boolean => min <= to && max >= from;

/** A few ingesters and a bucket, readable through LokiReadView. */
export class TestLoki implements LokiReadView {
  readonly objectStore = new ObjectStore();
  readonly ingesters: Ingester[] = [];
  private readonly registry = new Map<StreamId, IndexedStream & { readonly first: number }>();
  private readonly stored = new Map<StreamId, StoredChunkRef[]>();
  private readonly keys = new Set<string>();

  constructor(
    readonly sim: Simulation,
    readonly ingesterCount = 3,
    readonly replicationFactor = 3,
    config: Partial<IngesterConfig> = {},
  ) {
    const limits = tenantLimits({
      maxGlobalStreamsPerUser: 0,
      perStreamRateLimitBytesPerSec: 1e9,
      perStreamRateLimitBurstBytes: 1e9,
    });
    for (let i = 0; i < ingesterCount; i++) {
      this.ingesters.push(
        new Ingester(
          i,
          {
            sim,
            store: this.objectStore,
            limits,
            healthyIngesters: () => ingesterCount,
            listener: { onChunkFlushed: (_i, chunk, key) => this.flushed(chunk, key) },
          },
          { ...DEFAULT_INGESTER_CONFIG, replicationFactor, ...config },
        ),
      );
    }
  }

  /** Declares a stream (standing for `multiplicity` identical streams) and returns its id. */
  stream(labels: Readonly<Record<string, string>>, multiplicity = 1): StreamId {
    const set: LabelSet = labelSet(labels);
    const id = streamIdOf(set);
    if (!this.registry.has(id)) {
      this.registry.set(id, { id, labels: set, multiplicity, first: this.registry.size });
    }
    return id;
  }

  /** Pushes a batch of a declared stream to its replicas at sim.now. */
  push(id: StreamId, batch: EntryBatch): void {
    const s = this.registry.get(id);
    if (s === undefined) throw new Error(`unknown stream ${id}`);
    for (let r = 0; r < this.replicationFactor; r++) {
      const ingester = this.ingesters[(s.first + r) % this.ingesterCount] as Ingester;
      ingester.push(id, s.labels, batch);
    }
  }

  *streams(): Iterable<IndexedStream> {
    for (const s of this.registry.values()) yield s;
  }

  storedChunks(stream: StreamId, fromUs: number, toUs: number): readonly StoredChunkRef[] {
    return (this.stored.get(stream) ?? []).filter((r) =>
      overlaps(r.chunk.minTsUs, r.chunk.maxTsUs, fromUs, toUs),
    );
  }

  /**
   * The sums by a plain pass over the chunks: the oracle the write path's
   * index must match. A stream declared with multiplicity m stands for m
   * identical copies of what was pushed to it, and the contract's figures are
   * totals over them (read-view.ts): m objects per chunk, m times the bytes.
   */
  storedTotals(stream: StreamId, fromUs: number, toUs: number): ChunkTotals {
    const m = this.multiplicityOf(stream);
    let objects = 0;
    let bytes = 0;
    let rawBytes = 0;
    for (const { chunk } of this.storedChunks(stream, fromUs, toUs)) {
      objects += m;
      bytes += m * chunk.bytes;
      rawBytes += m * chunk.rawBytes;
    }
    return { objects, bytes, rawBytes };
  }

  private multiplicityOf(stream: StreamId): number {
    return this.registry.get(stream)?.multiplicity ?? 1;
  }

  storedHoldsNeedle(
    stream: StreamId,
    fromUs: number,
    toUs: number,
    needleTsUs: number,
    toleranceUs: number,
  ): boolean {
    return this.storedChunks(stream, fromUs, toUs).some(({ chunk }) =>
      chunk.needles.some((n) => Math.abs(n - needleTsUs) <= toleranceUs),
    );
  }

  /** Unflushed data, as totals over the m copies a stream of multiplicity m stands for. */
  ingesterChunks(stream: StreamId, fromUs: number, toUs: number): readonly IngesterChunkRef[] {
    const m = this.multiplicityOf(stream);
    const out: IngesterChunkRef[] = [];
    for (const ingester of this.ingesters) {
      if (ingester.state !== 'active') continue;
      for (const c of ingester.unflushed()) {
        if (c.streamId !== stream || !overlaps(c.minTsUs, c.maxTsUs, fromUs, toUs)) continue;
        out.push({
          ingester: ingester.id,
          lines: m * c.lines,
          rawBytes: m * c.rawBytes,
          minTsUs: c.minTsUs,
          maxTsUs: c.maxTsUs,
          needles: c.needles,
        });
      }
    }
    return out;
  }

  indexBytes(): number {
    let bytes = 0;
    for (const s of this.registry.values()) bytes += s.labels.key.length + 16;
    return bytes;
  }

  private flushed(chunk: FlushedChunk, key: string): void {
    if (this.keys.has(key)) return; // an identical replica chunk: stored once
    this.keys.add(key);
    let refs = this.stored.get(chunk.streamId);
    if (refs === undefined) this.stored.set(chunk.streamId, (refs = []));
    refs.push({ key, chunk });
  }
}
