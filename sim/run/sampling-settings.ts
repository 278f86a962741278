import type { Simulation } from '../engine/simulation.ts';
import type { ServiceSpec } from '../scenario/schema.ts';
import type { HeadSampler, HeadSampling } from '../workload/head-sampling.ts';

/** A service's `sampling.head` as a sampler, or undefined when it keeps every line. */
export function headSamplerOf(service: ServiceSpec): HeadSampler | undefined {
  const s = service.sampling;
  if (s === undefined) return undefined;
  const head = s.head;
  if (typeof head === 'number') {
    if (head >= 1) return undefined;
    return s.by === 'trace'
      ? { by: 'trace', keep: head, spansPerTrace: s.spans_per_trace }
      : { by: 'line', keepError: head, keepOther: head };
  }
  // Per level, line by line: a non-error line is debug, info or warn in the service's proportions.
  const l = service.levels;
  const others = l.debug + l.info + l.warn;
  const keepOther =
    others > 0 ? (l.debug * head.debug + l.info * head.info + l.warn * head.warn) / others : 1;
  if (keepOther >= 1 && head.error >= 1) return undefined;
  return { by: 'line', keepError: head.error, keepOther };
}

/** A source's sampling state, drawing from `sampling/<cohort>` so the workload's draws never shift. */
export function headSamplingOf(sim: Simulation, sampler: HeadSampler, cohortName: string): HeadSampling {
  return {
    sampler,
    rng: sim.random.stream(`sampling/${cohortName}`),
    atUs: [],
    cumLines: [],
    errors: 0,
    keptErrors: 0,
    needlesUs: [],
  };
}
