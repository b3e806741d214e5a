import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.ts';
import type { ModelEntry, Path, PropertyResult } from '../checker/index.ts';
import { InputError } from '../util/input-error.ts';
import type { ItfTrace, TraceKind } from './itf.ts';
import { parseTrace } from './read.ts';
import { replayTrace } from './replay.ts';
import { pingDefaults, pingEntry } from './testing/ping-model.ts';
import { buildTrace, serializeTrace } from './write.ts';

const entry = pingEntry() as unknown as ModelEntry<unknown>;
const find = (name: string) => (name === 'ping' ? entry : undefined);
const known = () => ['ping'];
const model = entry.build(pingDefaults);
const result = check(model);

function traceOf(name: string): ItfTrace {
  const p = result.properties.find((x) => x.name === name) as PropertyResult;
  const trace = buildTrace(model, p.path as Path, {
    run: { model: 'ping', config: pingDefaults, strategy: 'bfs' },
    subject: {
      property: p.name,
      kind: p.kind as TraceKind,
      verdict: p.verdict,
      ...(p.message === undefined ? {} : { message: p.message }),
      ...(p.violationIndex === undefined ? {} : { violationIndex: p.violationIndex }),
    },
  });
  return parseTrace(serializeTrace(trace), 't.itf.json'); // through the file format, as `apln replay` reads it
}

function tampered(
  trace: ItfTrace,
  f: (o: { states: Record<string, unknown>[]; '#meta': Record<string, unknown> }) => void,
): ItfTrace {
  const o = JSON.parse(serializeTrace(trace)) as Parameters<typeof f>[0];
  f(o);
  return parseTrace(JSON.stringify(o), 't.itf.json');
}

function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  return 'no error';
}

describe('replayTrace', () => {
  it('reproduces a counterexample: every state matches and the invariant fails at the recorded step', () => {
    const out = replayTrace(traceOf('fewPings'), { where: 't.itf.json', find, known });
    expect(out.mismatch).toBeUndefined();
    expect(out.reproduced).toBe(true);
    expect(out.verdictMessage).toBe('step 3 violates fewPings: pings = 2 reached the limit 2');
  });

  it('reproduces a witness and a stuttering liveness counterexample', () => {
    expect(replayTrace(traceOf('ponged'), { where: 't', find, known })).toMatchObject({
      reproduced: true,
      verdictMessage: 'step 2 reaches ponged',
    });
    const live = replayTrace(traceOf('answered'), { where: 't', find, known });
    expect(live.reproduced).toBe(true);
    expect(live.verdictMessage).toBe(
      'answered never holds, and at step 0 no fair action is enabled (it stutters forever)',
    );
  });

  it('detects a tampered state and names the step and field', () => {
    const t = tampered(traceOf('fewPings'), (o) => {
      (o.states[2] as Record<string, unknown>).pongs = { '#bigint': '5' };
    });
    const out = replayTrace(t, { where: 't', find, known });
    expect(out.mismatch).toEqual({
      step: 2,
      path: 'states[2].pongs',
      recorded: { '#bigint': '5' },
      rebuilt: { '#bigint': '1' },
      message: 'states[2].pongs: recorded 5, rebuilt 1',
    });
    expect(out.reproduced).toBe(true);
  });

  it('detects a tampered action label and pick', () => {
    const label = tampered(traceOf('fewPings'), (o) => {
      (o.states[1] as Record<string, unknown>)['mbt::actionTaken'] = 'PayeePong';
    });
    expect(replayTrace(label, { where: 't', find, known }).mismatch?.message).toBe(
      'states[1]["mbt::actionTaken"]: recorded "PayeePong", rebuilt "PayerPing"',
    );
    const pick = tampered(traceOf('fewPings'), (o) => {
      (o.states[1] as Record<string, Record<string, unknown>>)['mbt::nondetPicks']!.to = { tag: 'Some', value: 'M' };
    });
    expect(replayTrace(pick, { where: 't', find, known }).mismatch?.message).toBe(
      'states[1]["mbt::nondetPicks"].to.Some: recorded "M", rebuilt "B"',
    );
  });

  it('says so when the recorded verdict does not reproduce', () => {
    const t = tampered(traceOf('fewPings'), (o) => {
      o['#meta'].violationIndex = 1;
    });
    expect(replayTrace(t, { where: 't', find, known })).toMatchObject({
      reproduced: false,
      verdictMessage: 'fewPings holds at step 1: not reproduced',
    });
  });

  it('rejects an unknown model, a bad config, an out-of-range choice and an unknown property', () => {
    const base = traceOf('fewPings');
    expect(
      inputError(() =>
        replayTrace(
          tampered(base, (o) => void (o['#meta'].model = 'nope')),
          { where: 't', find, known },
        ),
      ),
    ).toBe("t: #meta.model: unknown model 'nope' (known: ping)");
    expect(
      inputError(() =>
        replayTrace(
          tampered(base, (o) => void (o['#meta'].config = { ...pingDefaults, limit: 0 })),
          { where: 't', find, known },
        ),
      ),
    ).toBe('t: #meta.config.limit: expected an integer ≥ 1, got 0');
    expect(
      inputError(() =>
        replayTrace(
          tampered(base, (o) => void (o['#meta'].choices = [0, 7, 0])),
          { where: 't', find, known },
        ),
      ),
    ).toBe('t: #meta.choices[1]: choice 7 at step 1 is out of range: 2 action(s) enabled (0..1)');
    expect(
      inputError(() =>
        replayTrace(
          tampered(base, (o) => void (o['#meta'].property = 'nope')),
          { where: 't', find, known },
        ),
      ),
    ).toBe("t: #meta.property: model ping has no property 'nope' (known: fewPings, ponged, answered, heightMonotone)");
  });
});

describe('replayTrace on a deadlock', () => {
  // The same model without `terminal`: its end states are deadlocks.
  const stuck = {
    ...pingEntry({ name: 'ping-stuck' }),
    build: (c: typeof pingDefaults) => ({ ...pingEntry().build(c), name: 'ping-stuck', terminal: undefined }),
  };
  const stuckEntry = stuck as unknown as ModelEntry<unknown>;
  const findStuck = (name: string) => (name === 'ping-stuck' ? stuckEntry : undefined);
  const m = stuckEntry.build(pingDefaults);

  it('reproduces a deadlock found by the checker, and refuses a path that does not end in one', () => {
    const r = check(m);
    expect(r.deadlock).toBeDefined();
    const path = r.deadlock?.path as Path;
    const trace = buildTrace(m, path, {
      run: { model: 'ping-stuck', config: pingDefaults, strategy: 'bfs' },
      subject: { property: 'deadlock', kind: 'deadlock', verdict: 'deadlock' },
    });
    const out = replayTrace(parseTrace(serializeTrace(trace), 't'), { where: 't', find: findStuck });
    expect(out).toMatchObject({
      reproduced: true,
      verdictMessage: `step ${path.choices.length} deadlocks: no action is enabled and the state is not terminal`,
    });
    const short = tampered(trace, (o) => {
      o['#meta'].choices = (o['#meta'].choices as number[]).slice(0, 1);
      o.states.splice(2);
    });
    expect(replayTrace(short, { where: 't', find: findStuck })).toMatchObject({
      reproduced: false,
      verdictMessage: 'step 1 has 2 enabled action(s): no deadlock',
    });
  });
});
