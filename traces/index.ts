/**
 * ITF traces: the public API. Write a path as an ITF trace (atomically), read one back with io-ts,
 * replay it against its model, and render it (changed fields, sequence diagrams).
 * @module
 */
export * from './itf.ts';
export * from './to-itf.ts';
export * from './write.ts';
export * from './atomic-write.ts';
export * from './read.ts';
export * from './replay.ts';
export * from './render.ts';
export * from './diff.ts';
export * from './sequence.ts';
export * from './steps.ts';
