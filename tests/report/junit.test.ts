import { describe, expect, it } from 'vitest';
import { JUNIT_FAILURE_TYPE, escapeXml, toJUnitXml } from '../../sim/report/junit.ts';

const suite = {
  suiteName: 'loki-stream-limit <base & candidate>',
  properties: { seed: '42', scenario: 'scenarios/a "b".yaml' },
  cases: [
    { classname: 'loki-stream-limit.base', name: 'loss.total == 0', passed: true },
    {
      classname: 'loki-stream-limit.candidate',
      name: "p99 ingest lag < 5 s & 'no' <drops>",
      passed: false,
      measured: '7.2 s',
      expected: '< 5 s',
    },
    { classname: 'x', name: 'custom', passed: false, message: 'line one\nline two\u0001' },
  ],
};

describe('toJUnitXml', () => {
  const xml = toJUnitXml(suite);

  it('counts tests and failures, with no errors, skips or wall time', () => {
    expect(xml).toContain(
      `<testsuite name="loki-stream-limit &lt;base &amp; candidate&gt;" tests="3" failures="2" errors="0" skipped="0" time="0">`,
    );
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml.match(new RegExp(`type="${JUNIT_FAILURE_TYPE}"`, 'g'))).toHaveLength(2);
    expect(xml).toContain('time="0"');
    expect(xml).not.toMatch(/timestamp|hostname/);
  });

  it('escapes attributes and text, and builds a message from measured and expected', () => {
    expect(xml).toContain(`name="p99 ingest lag &lt; 5 s &amp; &apos;no&apos; &lt;drops&gt;"`);
    expect(xml).toContain('<failure message="measured 7.2 s, expected &lt; 5 s"');
    expect(xml).toContain('>measured: 7.2 s&#10;expected: &lt; 5 s</failure>');
    expect(xml).toContain('message="line one&#10;line two\uFFFD"');
    expect(xml).toContain('<property name="scenario" value="scenarios/a &quot;b&quot;.yaml"/>');
    // Nothing unescaped: every & starts an entity, no raw < inside attribute values.
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;|#\d+;)/);
    for (const m of xml.matchAll(/="([^"]*)"/g)) expect(m[1]).not.toMatch(/[<>]/);
  });

  it('is deterministic and well-formed enough for a strict parser', () => {
    expect(toJUnitXml(suite)).toBe(xml);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
    // Tags balance.
    const opens = [...xml.matchAll(/<(testsuites|testsuite|testcase|failure|properties)[\s>]/g)].length;
    const selfClosed = [...xml.matchAll(/<(testcase|failure)[^>]*\/>/g)].length;
    const closes = [...xml.matchAll(/<\/(testsuites|testsuite|testcase|failure|properties)>/g)].length;
    expect(opens - selfClosed).toBe(closes);
  });

  it('escapeXml drops characters XML cannot carry', () => {
    expect(escapeXml('a\u0000b\u001fc\ud800d\te')).toBe('a\uFFFDb\uFFFDc\uFFFDd&#9;e');
    expect(escapeXml('😀 ü')).toBe('😀 ü');
  });

  it('an empty suite is valid', () => {
    expect(toJUnitXml({ suiteName: 's', cases: [] })).toContain('tests="0" failures="0"');
  });
});
