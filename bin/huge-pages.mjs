// Runs the command on transparent huge pages where Linux and glibc allow it.
//
// A large fleet's hot state lives in typed arrays (agent records, tick regions, the event heap):
// tens of megabytes touched at random, one cache line here and one there. On 4 KiB pages nearly
// every such touch also misses the TLB; on 2 MiB pages the whole working set fits in it.
// Measured on agents-100k: 5–7 % fewer seconds (docs/performance.md).
//
// Node.js allocates typed arrays with malloc, and glibc (2.35 and later) advises the kernel to
// back malloc's memory with huge pages when the tunable glibc.malloc.hugetlb=1 is set. glibc reads
// tunables once, at start-up, so the command starts itself again with the tunable in its
// environment and passes on the exit status. Nothing else changes: the run is the same, byte for
// byte. Set LOGSIM_HUGE_PAGES=0 to run in this process as it is.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TUNABLE = 'glibc.malloc.hugetlb';
/** Signals a user or a supervisor sends the command: the first process passes them on. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Whether a second start would run on huge pages: Linux with glibc 2.35 or later, transparent huge
 * pages not off, the tunable not set yet (so the second start does not start a third), and no
 * opt-out. `glibc` is the runtime glibc version (undefined under musl), `thpMode` the contents of
 * /sys/kernel/mm/transparent_hugepage/enabled (undefined if unreadable).
 */
export function hugePagesWanted({ platform, env, glibc, thpMode }) {
  if (platform !== 'linux' || env.LOGSIM_HUGE_PAGES === '0') return false;
  if ((env.GLIBC_TUNABLES ?? '').includes(TUNABLE)) return false;
  if (typeof glibc !== 'string') return false;
  const [major = 0, minor = 0] = glibc.split('.').map(Number);
  if (major < 2 || (major === 2 && minor < 35)) return false;
  // "always [madvise] never": the bracketed word is the mode in force.
  return typeof thpMode === 'string' && /\[(always|madvise)\]/.test(thpMode);
}

function thpMode() {
  try {
    return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Starts this command again with huge pages and never returns if that applies (the process exits
 * with the child's status); otherwise, or if the second start fails, returns and the caller goes
 * on in this process.
 */
export async function relaunchWithHugePages() {
  if (process.platform !== 'linux') return; // spares other systems the report read below
  const here = {
    platform: process.platform,
    env: process.env,
    glibc: process.report?.getReport().header.glibcVersionRuntime,
    thpMode: thpMode(),
  };
  if (!hugePagesWanted(here)) return;
  const tunables = [process.env.GLIBC_TUNABLES, `${TUNABLE}=1`].filter(Boolean).join(':');
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: tunables },
  });
  // A signal meant for the command goes on to the child, which decides what it means (a
  // terminal's Ctrl-C reaches both); this process waits for the child's end either way.
  const forward = (signal) => child.kill(signal);
  const stopForwarding = () => SIGNALS.forEach((signal) => process.off(signal, forward));
  for (const signal of SIGNALS) process.on(signal, forward);
  const failure = await new Promise((resolve) => {
    child.on('error', resolve);
    child.on('exit', (code, signal) => {
      if (signal !== null) {
        stopForwarding(); // so the signal ends this process the way it ended the child
        process.kill(process.pid, signal);
      }
      process.exit(code ?? 1);
    });
  });
  stopForwarding();
  process.stderr.write(`(huge pages skipped: ${failure.message})\n`);
}
