/** What the agent does when its buffer is full. */
export type WhenFull = 'block' | 'drop_newest' | 'drop_oldest';

/** When the agent commits a file offset to its checkpoint. */
export type CommitPolicy = 'on_ack' | 'on_read';

/** Randomisation of retry back-off. */
export type Jitter = 'none' | 'full' | 'equal';

/** Where the agent keeps lines it read and has not settled: memory, disk, or memory overflowing to disk. */
export type BufferType = 'memory' | 'disk' | 'spill';

/**
 * What a full disk does to a disk or spill buffer: `when_full` treats the
 * buffer as full and applies its policy; `lose` loses the lines that could not
 * be written with cause `disk_full`.
 */
export type OnDiskFull = 'when_full' | 'lose';

/** An agent's settings, per host; the runner multiplies sizes by the cohort's host count. */
export interface AgentConfig {
  readonly batchMaxLines: number;
  readonly batchMaxBytes: number;
  readonly lingerUs: number;
  readonly bufferType: BufferType;
  /** Memory part of the buffer, in bytes and lines (the whole buffer for `memory`). */
  readonly bufferMaxBytes: number;
  readonly bufferMaxLines: number;
  /**
   * Whether the buffer limits count the lines the sender holds: its open
   * batch and the batches it is sending. True for most agents (one queue of
   * read, unacknowledged lines). False for Vector, whose buffer is the channel
   * ahead of the sink: the sink pulls events out into its batch and its
   * in-flight requests, so a batch may hold far more than buffer.max_events.
   */
  readonly bufferHoldsBatches: boolean;
  /** Disk part of the buffer (`disk`, `spill`); 0 for `memory`. */
  readonly diskMaxBytes: number;
  readonly onDiskFull: OnDiskFull;
  readonly whenFull: WhenFull;
  readonly minBackoffUs: number;
  readonly maxBackoffUs: number;
  /** Retries after the first attempt before the batch is dropped (Infinity = never give up). */
  readonly maxRetries: number;
  /** Give up once a batch has been retried for this long (Infinity = no limit). */
  readonly maxRetryElapsedUs: number;
  readonly jitter: Jitter;
  readonly requestTimeoutUs: number;
  readonly maxInFlight: number;
  /** Offset checkpoint period; 0 commits at every step (Filebeat registry.flush 0s). */
  readonly checkpointEveryUs: number;
  readonly commit: CommitPolicy;
  /** How often an idle agent looks at its files again when nothing was written. */
  readonly idlePollUs: number;
}

/** How the application hands its lines to the agent. */
export interface AppConfig {
  /**
   * `file`: the application appends to a log file and never blocks; the agent
   * tails it. `socket` (or a pipe): the application writes straight to the
   * agent, so a full agent buffer under `block` holds the lines in the app.
   */
  readonly transport: 'file' | 'socket';
  /** `sync`: the writing request thread waits; `async`: a bounded in-app queue that drops on overflow. */
  readonly logger: 'sync' | 'async';
  /** Capacity of the async logger's queue in lines (cohort-scaled). */
  readonly queueLines: number;
}

/** Log-file rotation of `file` transport (cohort-scaled sizes). */
export interface RotationConfig {
  /** Rotate when the active file reaches this many bytes (Infinity = never by size). */
  readonly maxFileBytes: number;
  /** Rotate every this often (Infinity = never by time). */
  readonly everyUs: number;
  /** `rename`: rename and create; `copytruncate`: copy, then truncate in place. */
  readonly strategy: 'rename' | 'copytruncate';
  /** Rotated files kept; the oldest beyond this is deleted. */
  readonly keep: number;
  /** Copy speed of copytruncate, bytes per second: lines written during the copy are at risk. */
  readonly copyBytesPerSec: number;
  /** Disk space for the logs and the agent's disk buffer (Infinity = never fills by size). */
  readonly diskBytes: number;
}
