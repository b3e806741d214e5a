/**
 * The modules whose import registers every model (`registerModel`): main.ts imports the same two, and the
 * parallel search's workers import them to rebuild a model from its name and config.
 */
export const MODEL_MODULES: readonly string[] = [
  new URL('../examples/index.ts', import.meta.url).href,
  new URL('../variants/index.ts', import.meta.url).href,
];
