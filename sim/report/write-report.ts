import { writeFilesAtomic } from './atomic-write.ts';
import { markdownReport } from './markdown-report.ts';
import { reportJson, type Report } from './report.ts';

/** The files of one run's report, relative path → content. */
export function reportFiles(report: Report): Record<string, string> {
  return { 'report.json': reportJson(report), 'report.md': markdownReport(report) };
}

/** Writes a report into `dir` atomically: all files appear, or none changes. */
export function writeReport(dir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  writeFilesAtomic(dir, files);
}
