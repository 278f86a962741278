/**
 * logsim as a library: load a scenario, run it, read its report; build fault
 * schedules for property tests of your own design; plug in a backend or a
 * pipeline stage of your own. `sim run` and `sim compare` are made of these calls.
 *
 *   loadScenario(file) ─▶ Scenario ─▶ simulateScenario ─▶ { result: RunResult, report: Report }
 *                                         (runScenario + buildReport)
 */
export { loadScenario, loadScenarioFromText, simulateFile, simulateScenario } from './study/simulate.ts';
export type { ScenarioSelection, Simulated } from './study/simulate.ts';
export { loadScenarioFromObject } from './study/scenario-object.ts';
export { runScenario, estimateEvents, DEFAULT_MAX_EVENTS } from './run/run-scenario.ts';
export type { RunOptions, RunResult } from './run/run-scenario.ts';
export { EventLimitExceeded, InvariantViolation } from './run/run-errors.ts';
export { buildReport, reportJson } from './report/report.ts';
export type { Report } from './report/report.ts';
export type { RunWarning } from './config/run-warning.ts';
export { scenarioSchema } from './scenario/schema.ts';
export type { Scenario, FaultSpec } from './scenario/schema.ts';
export { ScenarioError } from './scenario/errors.ts';
export type { Diagnostic } from './scenario/errors.ts';
export { faults } from './faults/fault-builders.ts';
export type { DurationText, HostsText, When } from './faults/fault-builders.ts';
export { studyScenario, compareScenarioFiles } from './study/study.ts';
export type { Study, StudyOptions } from './study/study.ts';
// Extending: a backend of your own, its faults and metrics; a middle stage of the pipeline.
export { registerBackend, backendModules } from './registry/backends.ts';
export { defineBackend } from './backend/backend-module.ts';
export type { BackendModule, BackendContext, BuiltBackend, BackendReader } from './backend/backend-module.ts';
export type {
  IngestBackend,
  IngestTarget,
  Stage,
  PushRequest,
  PushOutcome,
  DeliverySink,
} from './backend/push.ts';
export { defineFault } from './faults/fault-def.ts';
export type { FaultDef, FaultTarget } from './faults/fault-def.ts';
export { metric } from './metrics/metric-registry.ts';
export type { StageBuilder } from './pipeline/pipeline.ts';
