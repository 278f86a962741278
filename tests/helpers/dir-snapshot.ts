import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `root` (a link to a directory followed), relative, with its content: the whole observable state. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else out[p] = readFileSync(join(root, p), 'utf8');
    }
  };
  walk('');
  return out;
}
