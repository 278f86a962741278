/**
 * A tiny backend that lives outside sim/: every push is durable the moment it
 * arrives, except while a `freeze` fault (its own) refuses pushes with 503.
 * It is the proof that a backend is one folder plus one registry line: it
 * plugs in with registerBackend(), without an edit to sim/run/, sim/report/ or
 * sim/scenario/, and brings its schema, fault, report section and metric.
 */
import { z } from 'zod';
import { defineBackend } from '../../../sim/backend/backend-module.ts';
import type { IngestBackend, PushReplyTarget, PushRequest } from '../../../sim/backend/push.ts';
import { duration } from '../../../sim/config/units.ts';
import { defineFault } from '../../../sim/faults/fault-def.ts';
import { metric } from '../../../sim/metrics/metric-registry.ts';

export const freezeFault = defineFault({
  key: 'freeze',
  target: 'backend',
  description: 'The instant backend refuses every push for a while.',
  recurs: false,
  body: z.strictObject({ for: duration().describe('For this long.') }),
});

const OK = Object.freeze({ kind: 'ok' as const });

export const instantModule = defineBackend({
  kind: 'instant',
  schema: z.strictObject({
    kind: z.literal('instant'),
    label: z.string().default('sink').describe('A name for the report. Default sink.'),
  }),
  usesAgents: true,
  answersQueries: false,
  faults: [freezeFault],
  metrics: { fixed: [metric('instant.refused', 'count', 'instant.refused', 'Pushes refused while frozen.')] },
  build({ sim, spec, faults, sink }) {
    const frozen = faults.of(freezeFault).map((f) => ({ fromUs: f.atUs, toUs: f.atUs + f.spec.for }));
    let accepted = 0;
    let refused = 0;
    const ingest: IngestBackend = {
      kind: 'instant',
      receive(request: PushRequest, replyTo: PushReplyTarget): void {
        const now = sim.now;
        if (frozen.some((w) => now >= w.fromUs && now < w.toUs)) {
          refused++;
          request.outcome = { kind: 'retry', status: 503, reason: 'frozen' };
        } else {
          accepted++;
          sink.deliver(request.source, request.startOffset, request.endOffset);
          request.outcome = OK;
        }
        replyTo.reply(request);
      },
      heldRanges: () => [],
      report: () => ({ label: spec.label, accepted }),
    };
    return { ingest, sections: () => ({ instant: { accepted, refused } }) };
  },
});
