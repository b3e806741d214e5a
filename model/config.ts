/**
 * The protocol model's configuration: a validated plain object (io-ts). Unknown keys, wrong types, values
 * out of range and inconsistent combinations are rejected with a message naming the key and the value.
 *
 * Keys (every variant takes the same keys; the variant's switches are not configuration):
 * - `hops`: routing nodes P1..Pk between S and B, 0..3 (0 = S pays B directly).
 * - `payments`: payments in flight; the model covers exactly one (1..1), the key exists so a config that
 *   asks for more fails loudly instead of being silently cut down.
 * - `csvDelayBlocks`: the relative delay before a settlement may spend its update (eltoo's CSV), 1..6.
 * - `ptlcTimeoutBlocks`: the first hop's PTLC timeout, in blocks after S offers it, 1..8.
 * - `rebindMarginBlocks`: the blocks S keeps between its PTLC's timeout and the end of a CSV window it may
 *   have to rebind in (R-02-20, R-02-21), 0..3; 0 lets a last-block on-chain claim race the settlement.
 * - `hopDeltaBlocks`: how much earlier each later hop times out, 0..4.
 * - `mailboxExpiryBlocks`: the bundle's expiry, in blocks after A hands it to M, 1..8.
 * - `deviating`: the parties that deviate (and so form one coalition), e.g. `["S"]`, `["A","B"]`.
 * - `maxHeight`: the last block height the chain reaches, 1..12.
 * - `hubMayCrash`: S (even an honest S) may crash and recover at any time (R-09-04); off by default.
 */
import * as t from 'io-ts';
import { InputError } from '../util/input-error.ts';
import { PARTIES, type Party } from './parties.ts';

export interface ProtocolConfig {
  readonly hops: number;
  readonly payments: number;
  readonly csvDelayBlocks: number;
  readonly ptlcTimeoutBlocks: number;
  readonly rebindMarginBlocks: number;
  readonly hopDeltaBlocks: number;
  readonly mailboxExpiryBlocks: number;
  readonly deviating: readonly Party[];
  readonly maxHeight: number;
  readonly hubMayCrash: boolean;
}

/** An integer in [min, max], with the message `expected an integer min..max, got X`. */
export function intIn(min: number, max: number): t.Type<number, number, unknown> {
  const ok = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max;
  return new t.Type<number, number, unknown>(
    `integer ${min}..${max}`,
    ok,
    (u, c) => (ok(u) ? t.success(u) : t.failure(u, c, `expected an integer ${min}..${max}, got ${JSON.stringify(u)}`)),
    t.identity,
  );
}

const partyList = new t.Type<readonly Party[], readonly Party[], unknown>(
  'list of party names',
  (u): u is readonly Party[] => Array.isArray(u) && u.every((p) => (PARTIES as readonly unknown[]).includes(p)),
  (u, c) => {
    if (!Array.isArray(u)) return t.failure(u, c, `expected a list of party names, got ${JSON.stringify(u)}`);
    const seen = new Set<string>();
    for (const p of u) {
      if (typeof p !== 'string' || !(PARTIES as readonly string[]).includes(p)) {
        return t.failure(u, c, `unknown party ${JSON.stringify(p)} (known: A, S, B, M, P1..Pk)`);
      }
      if (seen.has(p)) return t.failure(u, c, `party "${p}" is listed twice`);
      seen.add(p);
    }
    // Canonical order (the order of PARTIES), so equal coalitions give equal configs.
    return t.success(PARTIES.filter((p) => seen.has(p)));
  },
  (a) => a,
);

const KEYS = {
  hops: intIn(0, 3),
  payments: intIn(1, 1),
  csvDelayBlocks: intIn(1, 6),
  ptlcTimeoutBlocks: intIn(1, 8),
  rebindMarginBlocks: intIn(0, 3),
  hopDeltaBlocks: intIn(0, 4),
  mailboxExpiryBlocks: intIn(1, 8),
  deviating: partyList,
  maxHeight: intIn(1, 12),
  hubMayCrash: new t.Type<boolean, boolean, unknown>(
    'boolean',
    (u): u is boolean => typeof u === 'boolean',
    (u, c) => (typeof u === 'boolean' ? t.success(u) : t.failure(u, c, `expected true or false, got ${JSON.stringify(u)}`)),
    t.identity,
  ),
} as const;

const KEY_NAMES = Object.keys(KEYS);

/** Cross-key checks, after each key decoded on its own: `undefined` when consistent. */
function crossCheck(c: ProtocolConfig): { key: keyof ProtocolConfig; problem: string } | undefined {
  for (const p of c.deviating) {
    const m = /^P(\d)$/.exec(p);
    if (m !== null && Number(m[1]) > c.hops) {
      return { key: 'deviating', problem: `unknown party "${p}" (known: A, S, B, M${c.hops === 0 ? '' : `, P1..P${c.hops}`}; hops is ${c.hops})` };
    }
  }
  if (c.ptlcTimeoutBlocks + c.rebindMarginBlocks > c.csvDelayBlocks) {
    return {
      key: 'ptlcTimeoutBlocks',
      problem: `${c.ptlcTimeoutBlocks} + rebindMarginBlocks ${c.rebindMarginBlocks} exceeds csvDelayBlocks ${c.csvDelayBlocks}: S would refuse every purchase (R-02-20), so no payment could happen`,
    };
  }
  if (c.mailboxExpiryBlocks <= c.ptlcTimeoutBlocks) {
    return {
      key: 'mailboxExpiryBlocks',
      problem: `${c.mailboxExpiryBlocks} must exceed ptlcTimeoutBlocks ${c.ptlcTimeoutBlocks} (R-02-02), or S could never buy before the expiry`,
    };
  }
  const lastTimeout = c.ptlcTimeoutBlocks - c.hops * c.hopDeltaBlocks;
  if (lastTimeout < 1) {
    return {
      key: 'ptlcTimeoutBlocks',
      problem: `the last hop would time out ${lastTimeout} blocks after the offer (ptlcTimeoutBlocks ${c.ptlcTimeoutBlocks} − hops ${c.hops} × hopDeltaBlocks ${c.hopDeltaBlocks}); it must be at least 1`,
    };
  }
  return undefined;
}

/** The exact codec: a missing key, an unknown key, a bad value or an inconsistent combination fails. */
export const protocolConfigCodec = new t.Type<ProtocolConfig, unknown, unknown>(
  'protocol config',
  (u): u is ProtocolConfig =>
    typeof u === 'object' && u !== null && Object.keys(u).length === KEY_NAMES.length && KEY_NAMES.every((k) => (KEYS as Record<string, t.Any>)[k]!.is((u as Record<string, unknown>)[k])),
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, `expected an object with keys ${KEY_NAMES.join(', ')}`);
    const rec = u as Record<string, unknown>;
    const unknownKey = Object.keys(rec).find((k) => !(k in KEYS));
    if (unknownKey !== undefined) {
      return t.failure(u, [...c, { key: unknownKey, type: t.never, actual: rec[unknownKey] }], `unknown key '${unknownKey}' (known: ${KEY_NAMES.join(', ')})`);
    }
    const out: Record<string, unknown> = {};
    for (const key of KEY_NAMES) {
      const codec = (KEYS as Record<string, t.Type<unknown, unknown, unknown>>)[key]!;
      const ctx = [...c, { key, type: codec, actual: rec[key] }];
      if (!(key in rec)) return t.failure(undefined, ctx, `missing key '${key}'`);
      const r = codec.validate(rec[key], ctx);
      if (r._tag === 'Left') return r;
      out[key] = r.right;
    }
    const config = out as unknown as ProtocolConfig;
    const bad = crossCheck(config);
    if (bad !== undefined) return t.failure(rec[bad.key], [...c, { key: bad.key, type: t.unknown, actual: rec[bad.key] }], bad.problem);
    return t.success(config);
  },
  (a) => ({ ...a, deviating: [...a.deviating] }),
);

/** Decodes `u` or throws InputError(`config.<key>`, problem). */
export function decodeConfig(u: unknown): ProtocolConfig {
  const r = protocolConfigCodec.decode(u);
  if (r._tag === 'Right') return r.right;
  const e = r.left[0];
  const key = e?.context
    .map((entry) => entry.key)
    .filter((k) => k !== '')
    .join('.');
  throw new InputError(key === undefined || key === '' ? 'config' : `config.${key}`, e?.message ?? 'invalid config');
}

/** Party names of a config's coalition, as indices. */
export function deviatingIndices(c: ProtocolConfig): number[] {
  return c.deviating.map((p) => PARTIES.indexOf(p));
}

/** Scheme 2's config: the same keys, but no routing path (hops must be 0) and no crash switch. */
export const scheme2ConfigCodec = new t.Type<ProtocolConfig, unknown, unknown>(
  'scheme 2 config',
  (u): u is ProtocolConfig => protocolConfigCodec.is(u) && u.hops === 0 && !u.hubMayCrash,
  (u, c) => {
    const r = protocolConfigCodec.validate(u, c);
    if (r._tag === 'Left') return r;
    if (r.right.hops !== 0) return t.failure(r.right.hops, [...c, { key: 'hops', type: t.unknown, actual: r.right.hops }], `scheme 2 has no routing path: expected 0, got ${r.right.hops}`);
    if (r.right.hubMayCrash) return t.failure(true, [...c, { key: 'hubMayCrash', type: t.unknown, actual: true }], 'scheme 2 does not model crashes: expected false');
    return r;
  },
  (a) => protocolConfigCodec.encode(a),
);
