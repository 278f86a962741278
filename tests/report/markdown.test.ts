import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fitMarkdown, mdDetails, mdTable, omittedNote } from '../../sim/report/markdown.ts';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('mdTable', () => {
  it('escapes pipes and newlines, aligns columns', () => {
    expect(
      mdTable(
        ['cause', 'lines'],
        [
          ['a|b', 3],
          ['two\nlines', 1.5],
        ],
        ['left', 'right'],
      ),
    ).toBe('| cause | lines |\n| :--- | ---: |\n| a\\|b | 3 |\n| two<br>lines | 1.5 |\n');
  });

  it('rejects ragged rows', () => {
    expect(() => mdTable(['a', 'b'], [['x']])).toThrow(/row 0 has 1 cells/);
  });
});

describe('mdDetails', () => {
  it('leaves blank lines so GitHub renders the Markdown inside', () => {
    expect(mdDetails('All <metrics>', '| a |\n| - |\n')).toBe(
      '<details>\n<summary>All &lt;metrics&gt;</summary>\n\n| a |\n| - |\n\n</details>\n',
    );
  });
});

describe('fitMarkdown', () => {
  it('keeps everything when it fits, in the given order', () => {
    expect(
      fitMarkdown([
        { text: 'a', priority: 1 },
        { text: 'b', priority: 9 },
      ]),
    ).toBe('a\n\nb\n');
  });

  it('drops the lowest priority first and says so once per gap', () => {
    const big = 'x'.repeat(400);
    const out = fitMarkdown(
      [
        { text: '# headline', priority: 100 },
        { text: big, priority: 1 },
        { text: big, priority: 2 },
        { text: 'footer', priority: 50 },
      ],
      700,
    );
    expect(out).toBe(`# headline\n\n${omittedNote(700)}\n\n${big}\n\nfooter\n`);
  });

  it('stays under 1 MB for a huge summary', () => {
    const row = `| ${'metric ü'.repeat(8)} | 123.456 |\n`;
    const parts = Array.from({ length: 3000 }, (_, i) => ({
      text: `## part ${i}\n${row.repeat(40)}`,
      priority: i % 7,
    }));
    const out = fitMarkdown(parts);
    expect(bytes(out)).toBeLessThanOrEqual(1_000_000);
    expect(bytes(out)).toBeGreaterThan(900_000);
    expect(out).toContain(omittedNote(1_000_000));
  });

  test.prop([
    fc.array(
      fc.record({
        text: fc.string({ unit: 'grapheme', maxLength: 300 }),
        priority: fc.integer({ min: -5, max: 5 }),
      }),
      {
        maxLength: 60,
      },
    ),
    fc.integer({ min: 0, max: 3000 }),
  ])('never exceeds the budget', (parts, maxBytes) => {
    const out = fitMarkdown(parts, maxBytes);
    expect(bytes(out)).toBeLessThanOrEqual(maxBytes);
  });

  it('keeps the highest-priority part even if it comes last', () => {
    const out = fitMarkdown(
      [
        { text: 'a'.repeat(500), priority: 0 },
        { text: 'IMPORTANT', priority: 10 },
      ],
      300,
    );
    expect(out).toBe(`${omittedNote(300)}\n\nIMPORTANT\n`);
  });
});
