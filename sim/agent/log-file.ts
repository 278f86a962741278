import type { Emitter } from '../workload/emitter.ts';
import type { RotationConfig } from './agent-config.ts';

/** A rotated (closed) file: a contiguous range of the source's line offsets and its size. */
export interface RotatedFile {
  readonly start: number;
  readonly end: number;
  readonly bytes: number;
}

/**
 * The log files of one source on disk, as offset ranges: the active file
 * [activeStart, …) and up to `keep` rotated files, oldest first. The source's
 * offsets are one sequence; rotation only cuts it. Sizes are tracked from the
 * emitter's cumulative bytes, so a file costs no event per line: only a
 * rotation (rare) is an event, driven by the agent.
 *
 * A deleted file the agent is still reading stays open, so its bytes keep
 * using disk until the agent reads past its end (the "deleted but open" file
 * of elastic/beats#2395).
 */
export class LogFile {
  private readonly rotated: RotatedFile[] = [];
  private activeStartOffset = 0;
  /** Bytes of the active file up to `knownOffset`. */
  private activeBytes = 0;
  private knownOffset = 0;
  /** When the active file was created. */
  private activeSinceUs = 0;
  /** A deleted file the agent holds open, if any. */
  private heldOpen: RotatedFile | undefined;

  constructor(
    private readonly emitter: Emitter,
    readonly config: RotationConfig,
  ) {}

  /** First offset of the active file. */
  get activeStart(): number {
    return this.activeStartOffset;
  }

  /** Oldest offset still on disk in a file the agent can open (deleted files excepted). */
  get oldestStart(): number {
    return this.rotated[0]?.start ?? this.activeStartOffset;
  }

  /** Oldest offset whose bytes this object may still ask the emitter for. */
  get horizon(): number {
    return this.knownOffset;
  }

  get activeCreatedUs(): number {
    return this.activeSinceUs;
  }

  /** Bytes of the active file once it holds lines up to `offset` (≥ the last offset asked). */
  activeBytesAt(offset: number): number {
    if (offset > this.knownOffset) {
      this.activeBytes += this.emitter.bytesBetween(this.knownOffset, offset);
      this.knownOffset = offset;
    }
    return this.activeBytes;
  }

  /** Bytes on disk: the active file up to `offset`, rotated files, and a deleted file still held open. */
  diskBytes(offset: number): number {
    let sum = this.activeBytesAt(offset);
    for (const f of this.rotated) sum += f.bytes;
    if (this.heldOpen !== undefined) sum += this.heldOpen.bytes;
    return sum;
  }

  /**
   * Closes the active file at `endOffset` (rename-and-create, or the copy of
   * copytruncate) and opens a new one at `nextStart` (> endOffset when a
   * copytruncate race lost lines in between).
   */
  rotate(endOffset: number, nextStart: number, nowUs: number): void {
    const bytes = this.activeBytesAt(endOffset);
    if (endOffset > this.activeStartOffset)
      this.rotated.push({ start: this.activeStartOffset, end: endOffset, bytes });
    this.activeStartOffset = nextStart;
    this.activeBytes = 0;
    this.knownOffset = nextStart;
    this.activeSinceUs = nowUs;
  }

  /** Lines [from, to) never reached the file (the disk was full): they take no bytes. */
  skipUnwritten(from: number, to: number): void {
    this.activeBytesAt(from);
    if (to > this.knownOffset) this.knownOffset = to;
  }

  /**
   * copytruncate's truncate: the active file (the original inode) restarts
   * empty at `offset`; lines between the copy and here were cut.
   */
  truncateTo(offset: number, nowUs: number): void {
    if (offset <= this.activeStartOffset) return;
    this.activeBytes = offset < this.knownOffset ? this.emitter.bytesBetween(offset, this.knownOffset) : 0;
    this.knownOffset = Math.max(this.knownOffset, offset);
    this.activeStartOffset = offset;
    this.activeSinceUs = nowUs;
  }

  /**
   * Deletes rotated files beyond `keep`. The file holding `readOffset` stays
   * open (and on disk); returns the ranges of deleted files the agent had not
   * opened yet: those lines are gone.
   */
  deleteExcess(readOffset: number): RotatedFile[] {
    this.release(readOffset);
    const gone: RotatedFile[] = [];
    while (this.rotated.length > this.config.keep) {
      const f = this.rotated.shift() as RotatedFile;
      if (readOffset >= f.end) continue;
      if (readOffset >= f.start && this.heldOpen === undefined) this.heldOpen = f;
      else gone.push(f);
    }
    return gone;
  }

  /** The agent read past a deleted file it held open: the file is closed and its disk freed. */
  release(readOffset: number): void {
    if (this.heldOpen !== undefined && readOffset >= this.heldOpen.end) this.heldOpen = undefined;
  }

  /** A crash closes every file handle: a deleted file held open is gone. */
  closeAll(): void {
    this.heldOpen = undefined;
  }
}
