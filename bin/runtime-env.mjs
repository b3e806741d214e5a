// The environment `apln` runs in (its shebang sets it; the benchmarks' child processes get it from here, so their
// figures are the command's). GLIBC_TUNABLES=glibc.malloc.hugetlb=1 has glibc's malloc, which backs Node's typed
// arrays, ask the kernel for transparent huge pages (madvise) where the kernel leaves them to the program
// (/sys/kernel/mm/transparent_hugepage/enabled = madvise, as on the machines here). The checker's memory is typed
// arrays that grow (the fingerprint table, the levels, the liveness graph), and on these virtual machines a first
// write to a 4 KiB page costs about 70× a second write (bench/fresh-memory.bench.ts), far less in 2 MiB pages.
// Elsewhere (musl, macOS, THP off or always) glibc ignores it or it changes nothing.

/** The tunable, as the shebang of bin/apln.js writes it (bin/runtime-env.test.ts checks they agree). */
export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1';

/** `env` with the tunable added to GLIBC_TUNABLES (kept as it is when already there). */
export function runtimeEnv(env = process.env) {
  const tunables = env.GLIBC_TUNABLES ?? '';
  if (tunables.split(':').includes(HUGE_PAGES_TUNABLE)) return { ...env };
  return { ...env, GLIBC_TUNABLES: tunables === '' ? HUGE_PAGES_TUNABLE : `${tunables}:${HUGE_PAGES_TUNABLE}` };
}
