/** The checker's public API. See README.md. */
export { check, checkAsync } from './check.ts';
export { simulate, simulateAsync } from './simulate.ts';
export { mergeSimulations } from './simulate-merge.ts';
export type { SimulationFinding, SimulationPartial, SimulationResult } from './simulate.ts';
export { replayChoices, ReplayError } from './replay.ts';
export { collisionProbability } from './hash.ts';
export * from './model.ts';
export * from './result.ts';
export * from './registry.ts';
export { ExtremeTracker } from './extremes.ts';
export type { Extreme, QuantityResult } from './extremes.ts';
