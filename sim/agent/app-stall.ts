/**
 * Stall of an application whose logger blocks (a synchronous logger writing
 * to a socket or pipe): the time its writes wait on a full agent buffer or a
 * dead agent, and the lines (≈ requests) emitted meanwhile. Measured per
 * cohort as intervals, so it costs no event.
 */
export class AppStall {
  private sinceUs = -1;
  private linesAtStart = 0;
  private stalledUs = 0;
  /** Lines emitted while the application was blocked. */
  delayedLines = 0;

  get blocked(): boolean {
    return this.sinceUs >= 0;
  }

  /** The application starts waiting at `nowUs`, when `emittedLines` had been written. */
  begin(nowUs: number, emittedLines: number): void {
    if (this.sinceUs >= 0) return;
    this.sinceUs = nowUs;
    this.linesAtStart = emittedLines;
  }

  /** The application's writes go through again. */
  end(nowUs: number, emittedLines: number): void {
    if (this.sinceUs < 0) return;
    this.stalledUs += nowUs - this.sinceUs;
    this.delayedLines += Math.max(0, emittedLines - this.linesAtStart);
    this.sinceUs = -1;
  }

  /** Stall so far, including an interval still open at `nowUs`. */
  stallUsAt(nowUs: number): number {
    return this.stalledUs + (this.sinceUs >= 0 ? nowUs - this.sinceUs : 0);
  }
}
