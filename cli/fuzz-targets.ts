/**
 * Fuzz targets, one per decoder of outside input: ITF trace, `--set` value, adapter line, wire envelope,
 * snapshot, partial (result) file. `fuzz(n, seed)` feeds each target generated and mutated inputs (from a
 * valid sample: truncations, byte flips, deep nesting, odd numbers, a BOM, dropped and added fields) and
 * counts outcomes: accepted, refused (an InputError or a refusal result), or crashed (anything else: what
 * would be exit 3). Seeded: the same n and seed give the same inputs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pingEntry } from '../traces/testing/ping-model.ts';
import { parseTrace } from '../traces/read.ts';
import { isInputError } from '../util/input-error.ts';
import { decodeEnvelope } from '../impl/node/messages.ts';
import { stepCommand, stepMessage, World } from '../impl/node/world.ts';
import { openNode, sealNode } from '../impl/node/storage/node-snapshot.ts';
import { parseLine } from '../oracle/adapter/protocol.ts';
import { Response } from '../oracle/adapter/protocol.ts';
import { resolveConfig } from './config.ts';
import { readPartial } from './partial.ts';
import { captureIo } from './io.ts';
import { main } from './main.ts';
import { registryOf } from './registry.ts';
import type { ModelEntry } from '../checker/index.ts';

type Outcome = 'accepted' | 'refused' | 'crashed';
export type Target = { readonly name: string; readonly sample: string; readonly run: (input: string) => Outcome };
export type FuzzReport = {
  readonly target: string;
  readonly inputs: number;
  readonly accepted: number;
  readonly refused: number;
  readonly crashed: number;
  readonly firstCrash?: string;
};

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD = [
  '-1',
  '1.5',
  '1e400',
  '-0',
  '9007199254740993',
  'null',
  'true',
  '""',
  '[]',
  '{}',
  '"__proto__"',
  '{"__proto__":{"x":1}}',
  '{"#bigint":"007"}',
  '"\\ud800"',
];

/** One mutation of `text`. */
function mutate(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  switch (Math.floor(r() * 9)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + String.fromCharCode(Math.floor(r() * 128)) + text.slice(at + 1);
    case 2: {
      const d = pick([10, 129, 3000, 20_000]);
      return `${text.slice(0, at)}${'['.repeat(d)}${']'.repeat(d)}${text.slice(at)}`;
    }
    case 3: {
      const m = /-?\d+(\.\d+)?/g;
      const nums = [...text.matchAll(m)];
      const n = nums.length === 0 ? undefined : pick(nums);
      return n === undefined ? text : text.slice(0, n.index) + pick(ODD) + text.slice((n.index ?? 0) + n[0].length);
    }
    case 4:
      return `\uFEFF${text}`;
    case 5: {
      const keys = [...text.matchAll(/"([^"\\]{1,40})":/g)];
      const k = keys.length === 0 ? undefined : pick(keys);
      return k === undefined
        ? text
        : text.replace(k[0], `"${pick(['toString', '__proto__', 'constructor', 'extra', k[1] ?? 'x'])}":`);
    }
    case 6: {
      const open = text.indexOf('{', at);
      return open < 0 ? text : `${text.slice(0, open + 1)}"extra":${pick(ODD)},${text.slice(open + 1)}`;
    }
    case 7: {
      const s = [...text.matchAll(/"[^"\\]*"/g)];
      const x = s.length === 0 ? undefined : pick(s);
      return x === undefined ? text : text.slice(0, x.index) + pick(ODD) + text.slice((x.index ?? 0) + x[0].length);
    }
    default:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 20));
  }
}

const classify = (f: () => boolean): Outcome => {
  try {
    return f() ? 'accepted' : 'refused';
  } catch (e) {
    return isInputError(e) ? 'refused' : 'crashed';
  }
};

/** The six targets, each with a valid sample built here. */
export async function fuzzTargets(): Promise<Target[]> {
  const ping = pingEntry() as unknown as ModelEntry<unknown>;
  const dir = mkdtempSync(join(tmpdir(), 'apln-fuzz-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  await main(['check', 'ping', '--out', dir], captureIo(), { registry: registryOf([ping]) });
  const traceText = readFileSync(join(dir, 'ping.ponged.itf.json'), 'utf8');
  const w = new World({ seed: 5, hops: 0, scheme: 1, decorrelate: false });
  const paid = stepCommand(
    w.node('A'),
    { kind: 'PayerPay', payee: 'B', amountSat: 1000, feeSat: 10, expiryHeight: w.height + 144 },
    w.height,
  );
  const envelope = JSON.stringify(paid.outgoing[0] ?? {});
  const to = paid.outgoing[0]?.to ?? 'S';
  const partialFile = join(dir, 'p.json');
  return [
    { name: 'ITF trace', sample: traceText, run: (t) => classify(() => (parseTrace(t, 'fuzz'), true)) },
    { name: '--set value', sample: 'limit=2', run: (t) => classify(() => (resolveConfig(ping, [t]), true)) },
    {
      name: 'adapter line',
      sample: '{"id":1,"ok":true,"state":{"pings":0}}',
      run: (t) => classify(() => parseLine(Response, t).ok),
    },
    {
      name: 'wire envelope',
      sample: envelope,
      run: (t) =>
        classify(() => {
          const raw = JSON.parse(t) as unknown;
          if (!decodeEnvelope(raw).ok) return false;
          return stepMessage(w.node(to), raw, w.height).error === undefined;
        }),
    },
    { name: 'snapshot', sample: sealNode(w.node('A')), run: (t) => classify(() => (openNode(t), true)) },
    {
      name: 'partial file',
      sample: JSON.stringify({
        format: 'apln-partial',
        version: 1,
        command: 'simulate',
        shard: { index: 0, count: 2 },
        key: { model: 'ping' },
        data: { traces: 3 },
      }),
      run: (t) =>
        classify(() => {
          writeFileSync(partialFile, t);
          readPartial(partialFile);
          return true;
        }),
    },
  ];
}

/** Feeds `n` inputs to each target: a tenth generated from scratch (random JSON-ish text), the rest mutated (1 to 4 mutations). */
export function fuzz(n: number, seed: number, targets: readonly Target[]): FuzzReport[] {
  return targets.map((target, ti) => {
    const r = rng(seed * 31 + ti);
    let accepted = 0;
    let refused = 0;
    let crashed = 0;
    let firstCrash: string | undefined;
    for (let i = 0; i < n; i++) {
      let input: string;
      if (i % 10 === 0)
        input = Array.from({ length: Math.floor(r() * 40) }, () =>
          '{}[]":,0123-.eE truenulfa\\'.charAt(Math.floor(r() * 27)),
        ).join('');
      else {
        input = target.sample;
        const k = 1 + Math.floor(r() * 4);
        for (let j = 0; j < k; j++) input = mutate(input, r);
      }
      // JSON.parse errors of the envelope target are refusals too (the network hands the node a parsed value).
      const o = target.name === 'wire envelope' ? classifyParse(input, target) : target.run(input);
      if (o === 'accepted') accepted++;
      else if (o === 'refused') refused++;
      else {
        crashed++;
        firstCrash ??= input.slice(0, 200);
      }
    }
    return {
      target: target.name,
      inputs: n,
      accepted,
      refused,
      crashed,
      ...(firstCrash === undefined ? {} : { firstCrash }),
    };
  });
}

function classifyParse(input: string, target: Target): Outcome {
  try {
    JSON.parse(input);
  } catch {
    return 'refused';
  }
  return target.run(input);
}
