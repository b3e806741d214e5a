import { describe, expect, it } from 'vitest';
import { buildVariant } from '../../variants/index.ts';
import { toItfRecord } from '../../traces/to-itf.ts';
import { InputError } from '../../util/input-error.ts';
import { decodeForeignTrace, validateTrace } from './validate.ts';
import { TO_OFFER } from '../../model/scheme1/paths.ts';

const model = buildVariant('scheme1-direct');

/** A trace as another implementation's logs would give it: JSON states with their action labels. */
function foreignTrace(labels: readonly string[]): { states: Record<string, unknown>[] } {
  let s = model.init()[0]!;
  const states: Record<string, unknown>[] = [{ ...toItfRecord(model.toItf(s)), 'mbt::actionTaken': 'init' }];
  for (const l of labels) {
    const a = model.actions(s).find((x) => model.describe(x).label === l)!;
    s = model.next(s, a);
    states.push({ ...toItfRecord(model.toItf(s)), 'mbt::actionTaken': l });
  }
  return JSON.parse(JSON.stringify({ states })) as { states: Record<string, unknown>[] };
}

describe('validate: a trace produced elsewhere, checked against the model', () => {
  it('accepts a trace whose every step the model allows', () => {
    const r = validateTrace(model, decodeForeignTrace(foreignTrace(TO_OFFER), 't'), 't');
    expect(r).toEqual({ ok: true, model: 'scheme1-direct', states: 7, checked: 6 });
  });

  it('reports the first bad step and what the model expected there: S paid more than the PTLC amount', () => {
    const t = foreignTrace(TO_OFFER);
    const last = t.states[6] as { wallet: { '#map': [string, unknown][] } };
    last.wallet['#map'][1] = ['S', { '#bigint': '5' }];
    const r = validateTrace(model, decodeForeignTrace(t, 't'), 't');
    expect(r.ok).toBe(false);
    expect(r.bad?.step).toBe(6);
    expect(r.bad?.problem).toBe('no HubCheckAndOfferPtlc step leads from state 5 to state 6');
    expect(r.bad?.expected).toContain('wallet.S would be 7 (the trace has 5)');
  });

  it('reports a step the model does not enable by name', () => {
    const t = foreignTrace(TO_OFFER);
    (t.states[2] as Record<string, unknown>)['mbt::actionTaken'] = 'PayeeClaimPtlc';
    const r = validateTrace(model, decodeForeignTrace(t, 't'), 't');
    expect(r.bad).toMatchObject({ step: 2, problem: 'PayeeClaimPtlc is not enabled in state 1' });
  });

  it('rejects a malformed state with an InputError naming its path', () => {
    const t = foreignTrace(TO_OFFER.slice(0, 2));
    (t.states[1] as Record<string, unknown>).phase = 'paying';
    expect(() => validateTrace(model, decodeForeignTrace(t, 't'), 't')).toThrow(InputError);
    expect(() => validateTrace(model, decodeForeignTrace(t, 't'), 't')).toThrow(/states\.1\.phase/);
  });
});
