// Types of bin/runtime-env.mjs (a plain ES module beside bin/apln.js).
export declare const HUGE_PAGES_TUNABLE: string;
export declare function runtimeEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
