/**
 * JUnit XML for the `expect:` assertions of a run, in the shape GitHub test
 * report actions, GitLab and Jenkins read:
 *
 *   testsuites > testsuite(name, tests, failures, errors, skipped, time)
 *                  > properties > property(name, value)
 *                  > testcase(classname, name, time) > failure(message, type)
 *
 * Deterministic: no timestamp, no hostname, `time="0"` (a simulated run has no
 * meaningful wall time per assertion), cases and properties in the order given.
 */

/** One assertion's outcome. */
export interface JUnitCase {
  /** Groups cases in CI views, e.g. `<scenario>.<variant>`. */
  classname: string;
  /** The assertion as written, e.g. `loss.total == 0`. */
  name: string;
  passed: boolean;
  /** Why it failed; default built from `measured` and `expected`. */
  message?: string;
  /** The value the run produced, e.g. `1234 lines`. */
  measured?: string;
  /** The threshold, e.g. `== 0 lines`. */
  expected?: string;
}

/** Input of {@link toJUnitXml}. */
export interface JUnitSuite {
  suiteName: string;
  cases: readonly JUnitCase[];
  /** Run facts shown with the suite: seed, scenario file, variant. Written in key order. */
  properties?: Readonly<Record<string, string>>;
}

/** The `type` attribute of every failure: CI tools show it next to the message. */
export const JUNIT_FAILURE_TYPE = 'AssertionFailed';

/**
 * Escapes text for XML attribute values and element content. Characters XML 1.0
 * forbids outright (most C0 controls, lone surrogates) become U+FFFD, since
 * no escape can carry them and one would make the whole file unreadable.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&apos;';
        break;
      // Attribute values normalise raw tabs and newlines to spaces; keep them as references.
      case '\t':
        out += '&#9;';
        break;
      case '\n':
        out += '&#10;';
        break;
      case '\r':
        out += '&#13;';
        break;
      default: {
        const forbidden = c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;
        out += forbidden ? '\uFFFD' : ch;
      }
    }
  }
  return out;
}

function failureMessage(c: JUnitCase): string {
  if (c.message !== undefined) return c.message;
  const parts: string[] = [];
  if (c.measured !== undefined) parts.push(`measured ${c.measured}`);
  if (c.expected !== undefined) parts.push(`expected ${c.expected}`);
  return parts.length > 0 ? parts.join(', ') : 'assertion failed';
}

/** Builds the JUnit XML document (UTF-8, trailing newline) for one suite. */
export function toJUnitXml(suite: JUnitSuite): string {
  const failures = suite.cases.filter((c) => !c.passed).length;
  const counts = `tests="${suite.cases.length}" failures="${failures}" errors="0" skipped="0" time="0"`;
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suite.suiteName)}" ${counts}>`,
    `  <testsuite name="${escapeXml(suite.suiteName)}" ${counts}>`,
  ];
  const props = Object.entries(suite.properties ?? {});
  if (props.length > 0) {
    lines.push('    <properties>');
    for (const [k, v] of props)
      lines.push(`      <property name="${escapeXml(k)}" value="${escapeXml(v)}"/>`);
    lines.push('    </properties>');
  }
  for (const c of suite.cases) {
    const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}" time="0"`;
    const detail = [
      c.measured !== undefined ? `measured: ${c.measured}` : undefined,
      c.expected !== undefined ? `expected: ${c.expected}` : undefined,
    ].filter((s): s is string => s !== undefined);
    if (c.passed) {
      lines.push(`${open}/>`);
      continue;
    }
    const msg = escapeXml(failureMessage(c));
    lines.push(`${open}>`);
    lines.push(
      detail.length > 0
        ? `      <failure message="${msg}" type="${JUNIT_FAILURE_TYPE}">${escapeXml(detail.join('\n'))}</failure>`
        : `      <failure message="${msg}" type="${JUNIT_FAILURE_TYPE}"/>`,
    );
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
