/**
 * The pipeline of a run: `agents → hop → [stage → hop]* → backend`.
 *
 *   agents ──link──▶ [partition hop] ──▶ stage₁ ──hop──▶ stage₂ ──hop──▶ … ──▶ backend
 *      ▲                                   │ replies travel back the same way │
 *      └───────────────────────────────────┴──────────────────────────────────┘
 *
 * The agents' links are the first hop (per-host latency and bandwidth, and
 * partitions when the scenario has them). Each middle stage (a collector, a
 * relay) takes requests through the ingest interface and may hold lines it
 * has answered for; the conservation check asks every stage, so a stage that
 * holds lines is never invisible to it.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { IngestBackend, IngestTarget, Stage } from '../backend/push.ts';
import { NetworkHop } from '../network/network-hop.ts';

/** A middle stage of the pipeline, built once its successor exists. */
export interface StageBuilder {
  /** Its name in report.json (`stages.<name>`). */
  readonly name: string;
  /** One-way latency from this stage to the next one, µs. */
  readonly hopLatencyUs: number;
  build(sim: Simulation, next: IngestTarget): Stage;
}

/** A built pipeline. */
export interface Pipeline {
  /** Where the agents' links deliver. */
  readonly entry: IngestTarget;
  /** The middle stages, in order, with their names. */
  readonly stages: readonly { readonly name: string; readonly stage: Stage }[];
  readonly backend: IngestBackend;
}

/** Builds the stages back to front, each handing its requests to a hop in front of the next. */
export function buildPipeline(
  sim: Simulation,
  backend: IngestBackend,
  builders: readonly StageBuilder[],
): Pipeline {
  let next: IngestTarget = backend;
  const stages: { name: string; stage: Stage }[] = [];
  for (let k = builders.length - 1; k >= 0; k--) {
    const b = builders[k] as StageBuilder;
    const stage = b.build(sim, b.hopLatencyUs > 0 ? new NetworkHop(sim, b.hopLatencyUs, next) : next);
    stages.unshift({ name: b.name, stage });
    next = stage;
  }
  return { entry: next, stages, backend };
}

/** What every stage and the backend hold of `source`, for the conservation check. */
export function heldByPipeline(pipeline: Pipeline, source: number): [number, number][] {
  const held: [number, number][] = [];
  for (const { stage } of pipeline.stages) held.push(...stage.heldRanges(source));
  held.push(...pipeline.backend.heldRanges(source));
  return held;
}

/**
 * The oldest line of `source` a middle stage still holds (Infinity if none): the
 * tick store must remember emit times from there on, whatever the agent acknowledged.
 */
export function oldestHeldByStages(pipeline: Pipeline, source: number): number {
  let oldest = Infinity;
  for (const { stage } of pipeline.stages)
    for (const [start] of stage.heldRanges(source)) oldest = Math.min(oldest, start);
  return oldest;
}
