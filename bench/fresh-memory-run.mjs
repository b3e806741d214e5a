// One measurement of bench/fresh-memory.bench.ts in this process (its environment decides the page size glibc asks
// for): fills a new Int32Array of MIB mebibytes twice, copies it into another new one, prints one JSON line of ms.
// Usage: node bench/fresh-memory-run.mjs MIB
const mib = Number(process.argv[2] ?? 64);
const a = new Int32Array((mib << 20) >> 2);
let t = performance.now();
a.fill(1);
const first = performance.now() - t;
t = performance.now();
a.fill(2);
const second = performance.now() - t;
const b = new Int32Array(a.length);
t = performance.now();
b.set(a);
const copy = performance.now() - t;
process.stdout.write(`${JSON.stringify({ first, second, copy })}\n`);
