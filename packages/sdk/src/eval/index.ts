// Evaluation on the device and private telemetry (issue 18).
export { evaluators, checkEvaluatorId, type Evaluator, type EvalResult, type EvalSubject, type EvaluatorKind } from './evaluators.ts';
export { krrProbabilities, randomizedResponse, TELEMETRY_BUCKETS, categoriesOf, bucketOf, categoryLabels, cryptoRandom } from './ldp.ts';
export { TelemetryReporter, TELEMETRY_DEFAULTS, identifier, type TelemetryOptions, type TelemetryControl, type RunFacts } from './telemetry-reporter.ts';
export { memoryBudgetStorage, defaultBudgetStorage, chargeBudget, type BudgetStorage, type BudgetRecord } from './privacy-budget.ts';
export { deviceClassOf } from './device-class.ts';
export {
  createEvaluation,
  type Evaluation,
  type EvaluationSetup,
  type EvaluatedOptions,
  type EvaluatedRunArgs,
  type EvaluatedResult,
} from './evaluated-run.ts';
