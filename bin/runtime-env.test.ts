// bin/runtime-env.mjs: the environment the apln command runs in, which the benchmarks' child processes share.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HUGE_PAGES_TUNABLE, runtimeEnv } from './runtime-env.mjs';

describe('the runtime environment', () => {
  it("is what bin/apln.js's shebang sets, so a benchmark's child runs as the command does", () => {
    const shebang = readFileSync(new URL('./apln.js', import.meta.url), 'utf8').split('\n')[0]!;
    expect(shebang).toBe(`#!/usr/bin/env -S GLIBC_TUNABLES=${HUGE_PAGES_TUNABLE} node`);
  });

  it('adds the huge-pages tunable to tunables already set, once, and leaves the rest of the environment alone', () => {
    expect(runtimeEnv({ HOME: '/h' })).toEqual({ HOME: '/h', GLIBC_TUNABLES: HUGE_PAGES_TUNABLE });
    expect(runtimeEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES).toBe(
      `glibc.malloc.arena_max=2:${HUGE_PAGES_TUNABLE}`,
    );
    expect(runtimeEnv({ GLIBC_TUNABLES: HUGE_PAGES_TUNABLE }).GLIBC_TUNABLES).toBe(HUGE_PAGES_TUNABLE);
  });
});
