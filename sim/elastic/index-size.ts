/**
 * What a document costs on disk (decision 05: an inverted index is a big
 * index beside a small body). Per primary copy, a document of `bytes` raw
 * bytes costs:
 *
 *   stored _source   bytes × sourceRatio(codec)      (LZ4 blocks, or DEFLATE with best_compression)
 *   postings         bytes × POSTINGS_PER_RAW_BYTE   (every token of the indexed text: term dictionary, doc ids, freqs, positions)
 *   keyword fields   per field: LOW_CARD_FIELD_BYTES, or UNIQUE_FIELD_BYTES for a field with a new value on every line
 *   metadata         METADATA_BYTES                  (_id, @timestamp points and doc values, _seq_no, _version, _primary_term)
 *
 * and each replica costs the same again. No vendor publishes these parts;
 * they are assumptions calibrated so that the total for ~200 B log lines
 * matches the published whole: 0.732 of raw (Elastic, "Elasticsearch as a
 * time series data store / storage: the true story", ES 2.0), with
 * best_compression 15–25 % smaller (facts.md §3, §6a). The calibration is
 * checked in tests/elastic/index-size.test.ts and tests/calibration/elastic-storage.test.ts.
 *
 * LogsDB index mode (`index.mode: logsdb`; GA in 8.17, the default of
 * `logs-*` data streams from 9.2) stores no _source — it is synthesised from
 * doc values — sorts the index by host and @timestamp and compresses with
 * ZSTD. Elastic's published whole is 0.23–0.24 of a standard index of the same
 * data (nightly benchmark 161.9 → 37.5 GB; tutorial data 162.7 → 39.4 GB;
 * facts.md §3): a LogsDB index is modelled as that share of the standard
 * index (default codec), all of it index structures.
 */
export type Codec = 'default' | 'best_compression';

export type IndexMode = 'standard' | 'logsdb';

/** A LogsDB index's bytes per byte of a standard index of the same documents (the mean of Elastic's two runs). */
export const LOGSDB_RATIO = (37.5 / 161.9 + 39.4 / 162.7) / 2;

/** Stored-field compression of log text: LZ4 (default codec) vs DEFLATE (best_compression). Assumption, see above. */
export const SOURCE_RATIO: Readonly<Record<Codec, number>> = { default: 0.4, best_compression: 0.28 };
/** Postings of analysed text per raw byte (about one token per 6 bytes, ~1.2 B per posting with positions). */
export const POSTINGS_PER_RAW_BYTE = 0.2;
/** A keyword field of bounded cardinality: an ordinal in doc values plus a posting. */
export const LOW_CARD_FIELD_BYTES = 3;
/** A keyword field with a new value on every document: the term itself (~16 B) plus its ordinal and posting. */
export const UNIQUE_FIELD_BYTES = 20;
/** Per-document metadata fields. */
export const METADATA_BYTES = 30;

/** How one service's documents are indexed. */
export interface DocumentShape {
  /** Keyword fields with a bounded number of values (service, env, level, parsed fields). */
  readonly lowCardinalityFields: number;
  /** Keyword fields with a new value per line (request ids). */
  readonly uniqueFields: number;
}

/** Bytes on disk of the index structures (everything but _source) for `docs` documents of `rawBytes` in all. */
export function indexBytes(docs: number, rawBytes: number, shape: DocumentShape): number {
  return (
    rawBytes * POSTINGS_PER_RAW_BYTE +
    docs *
      (METADATA_BYTES +
        shape.lowCardinalityFields * LOW_CARD_FIELD_BYTES +
        shape.uniqueFields * UNIQUE_FIELD_BYTES)
  );
}

/** Bytes on disk of the stored _source. */
export function sourceBytes(rawBytes: number, codec: Codec): number {
  return rawBytes * SOURCE_RATIO[codec];
}

/** Bytes on disk per copy of `docs` documents of `rawBytes`: index structures and stored _source. */
export function storedBytes(
  docs: number,
  rawBytes: number,
  shape: DocumentShape,
  codec: Codec,
  mode: IndexMode,
): { readonly index: number; readonly source: number } {
  if (mode === 'logsdb')
    return {
      index: LOGSDB_RATIO * (indexBytes(docs, rawBytes, shape) + sourceBytes(rawBytes, 'default')),
      source: 0,
    };
  return { index: indexBytes(docs, rawBytes, shape), source: sourceBytes(rawBytes, codec) };
}
