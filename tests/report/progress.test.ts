// Tests for sim/cli/progress.ts (kept with the report tests, which own this folder).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, noProgress } from '../../sim/cli/progress.ts';

/** A stream that claims to be a terminal and records what was written. */
function fakeTerminal(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  const pass = new PassThrough();
  let text = '';
  pass.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  // cli-progress draws with cursor moves; a PassThrough plus these fields is enough for it.
  const stream = Object.assign(pass, {
    isTTY,
    columns: 100,
    cursorTo: (_x: number, _y?: number) => true,
    clearLine: () => true,
    moveCursor: () => true,
    clearScreenDown: () => true,
  }) as unknown as NodeJS.WriteStream;
  return { stream, written: () => text };
}

describe('createProgress', () => {
  it('is a no-op when the stream is not a terminal', () => {
    const t = fakeTerminal(false);
    expect(createProgress({ stream: t.stream })).toBe(noProgress);
  });

  it('stays silent for jobs shorter than the delay', () => {
    let now = 0;
    const t = fakeTerminal(true);
    const p = createProgress({ stream: t.stream, nowMs: () => now, delayMs: 1000 });
    for (let i = 1; i <= 10; i++) {
      now = i * 90;
      p.update(i, 10, 'scenario');
    }
    p.stop();
    expect(t.written()).toBe('');
  });

  it('shows a bar on the first update after the delay, on the given stream only', () => {
    let now = 0;
    const t = fakeTerminal(true);
    const stdoutWrite = process.stdout.write.bind(process.stdout);
    let stdoutWrites = 0;
    process.stdout.write = ((...args: Parameters<typeof stdoutWrite>) => {
      stdoutWrites += 1;
      return stdoutWrite(...args);
    }) as typeof process.stdout.write;
    try {
      const p = createProgress({ stream: t.stream, nowMs: () => now, delayMs: 1000 });
      p.update(1, 10, 'first');
      expect(t.written()).toBe('');
      now = 1500;
      p.update(2, 10, 'loki-stream-limit');
      p.update(3, 10, 'loki-stream-limit');
      p.stop();
      p.stop();
    } finally {
      process.stdout.write = stdoutWrite;
    }
    expect(t.written()).toContain('2/10');
    expect(t.written()).toContain('loki-stream-limit');
    expect(stdoutWrites).toBe(0);
  });
});
