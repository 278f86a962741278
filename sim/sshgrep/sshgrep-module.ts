/**
 * `backend: { kind: none }`: no central logging (decision 01). Nothing ships;
 * every line stays in its host's files, and `queries:` are answered by ssh
 * and grep on every host (ssh-query-workload.ts). Its own fault: `host_down`,
 * a host that does not answer.
 */
import { z } from 'zod';
import { defineBackend } from '../backend/backend-module.ts';
import type { RunWarning } from '../config/run-warning.ts';
import { byteRate, duration, parseByteRate, parseDuration } from '../config/units.ts';
import { defineFault, hostSelectionSchema, serviceHosts } from '../faults/fault-def.ts';
import type { QuerySpec } from '../query/query-spec.ts';
import type { HostLogRetention } from './host-files.ts';
import { startSshQueries } from './ssh-query-workload.ts';

export const hostDownFault = defineFault({
  key: 'host_down',
  target: 'backend',
  description: 'Hosts that do not answer ssh.',
  recurs: true,
  body: z
    .strictObject({
      service: z.string().optional().describe('The service whose hosts are down. Default: every service.'),
      hosts: hostSelectionSchema(),
      for: duration().describe('For this long.'),
    })
    .describe(
      'Hosts down or unreachable: a fan-out waits out their connection time-out and misses their lines.',
    ),
  hostsOf: serviceHosts,
});

const DEFAULTS = {
  parallelism: 32,
  connect: parseDuration('250ms'),
  downTimeout: parseDuration('10s'),
  grepRate: parseByteRate('300MB/s'),
};

const sshSchema = z
  .strictObject({
    kind: z.literal('none').describe('No central logging: queries are answered by ssh + grep on every host.'),
    parallelism: z
      .int()
      .positive()
      .default(DEFAULTS.parallelism)
      .describe('Hosts queried at once. Default 32 (parallel-ssh `-p`, its documented default).'),
    connect: duration()
      .default(DEFAULTS.connect)
      .describe('Connection set-up and authentication per host. Default 250ms (assumption: one region).'),
    down_host_timeout: duration()
      .default(DEFAULTS.downTimeout)
      .describe(
        'What a host that does not answer costs. Default 10s (assumption: ssh -o ConnectTimeout=10).',
      ),
    grep_rate: byteRate()
      .default(DEFAULTS.grepRate)
      .describe(
        'Bytes per second grep reads on one host. Default 300MB/s (assumption: a sequential SSD read).',
      ),
  })
  .describe('No central backend: the hosts keep their logs.');

export const sshGrepModule = defineBackend({
  kind: 'none',
  schema: sshSchema,
  usesAgents: false,
  answersQueries: true,
  faults: [hostDownFault],
  build({ spec, services, faults, sources }) {
    const byName = new Map(services.map((s) => [s.name, s]));
    const retention = (name: string): HostLogRetention => {
      const s = byName.get(name);
      if (s === undefined) throw new Error(`no service ${name}`);
      return {
        bytesPerSec: s.rate * s.line_size.mean,
        maxFileBytes: s.rotation?.max_file_size,
        rotateEveryUs: s.rotation?.every,
        keep: s.rotation?.keep ?? 0,
      };
    };
    let queries: readonly QuerySpec[] = [];
    const config = {
      parallelism: spec.parallelism,
      connectUs: spec.connect,
      downHostTimeoutUs: spec.down_host_timeout,
      grepBytesPerSec: spec.grep_rate,
    };
    return {
      ingest: {
        kind: 'none',
        receive: () => {
          throw new Error('backend none takes no pushes: nothing ships');
        },
        heldRanges: () => [],
        report: () => ({ parallelism: spec.parallelism }),
      },
      reader: {
        startQueries(context) {
          queries = context.specs;
          return startSshQueries(
            context,
            {
              sources: () => sources.all(),
              retentionOf: retention,
              linesPerSecOf: (name) => byName.get(name)?.rate ?? 0,
              isDown: (service, host, tUs) =>
                faults
                  .hitting(hostDownFault, service, host)
                  .some((f) => tUs >= f.atUs && tUs < f.atUs + f.spec.for),
            },
            config,
          );
        },
        explain(query, nowUs, { title }) {
          const hosts = sources
            .all()
            .filter((s) => query.match['service'] === undefined || s.service === query.match['service'])
            .reduce((n, s) => n + s.hosts, 0);
          const waves = Math.ceil(hosts / spec.parallelism);
          return {
            title,
            query: `ssh + grep at ${nowUs / 1e6} s`,
            rows: [
              ['touched', `${hosts} hosts, ${spec.parallelism} at a time (${waves} waves)`],
              ['index', 'none: the whole of every kept file is read, whatever the range asked'],
              [
                'read',
                `each host: connect ${spec.connect / 1e3} ms, then grep at ${spec.grep_rate / 1e6} MB/s`,
              ],
            ],
          };
        },
      },
      warnings(): RunWarning[] {
        if (queries.length === 0) return [];
        const out: RunWarning[] = [];
        if (spec.connect === DEFAULTS.connect)
          out.push({
            code: 'assumed_default',
            path: 'backend.connect',
            message: 'ssh connection set-up of 250 ms is an assumption',
          });
        if (spec.down_host_timeout === DEFAULTS.downTimeout)
          out.push({
            code: 'assumed_default',
            path: 'backend.down_host_timeout',
            message: 'a down host costs 10 s, an assumed ConnectTimeout',
          });
        if (spec.grep_rate === DEFAULTS.grepRate)
          out.push({
            code: 'assumed_default',
            path: 'backend.grep_rate',
            message: 'grep reads 300 MB/s per host, an assumption',
          });
        out.push({
          code: 'estimate',
          path: 'queries',
          message: "a host's files are sized from its mean write rate, not from the bursts it wrote",
        });
        return out;
      },
    };
  },
});
