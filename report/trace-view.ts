/**
 * An ITF trace as the page draws it: the lifelines (parties named by the `actor`/`to` picks, in the order
 * A, S, M, B, P1..Pk, then any other, then the chain), one step per action with its changed fields in the
 * ITF Trace Viewer's three classes, and the top-level variables that changed (a delta the page replays to
 * show the state at any step, so a 10,000-step trace is not 10,000 copies of the state).
 */
import * as path from 'node:path';
import type { ItfJson, ItfTrace } from '../traces/itf.ts';
import { diffStates, type Change } from '../traces/diff.ts';
import { formatValue } from '../traces/format-value.ts';
import { formatAction, markedStep, verdictSentence } from '../traces/render.ts';
import { traceSteps } from '../traces/steps.ts';
import type { ChangeView, StepView, TraceView } from './data.ts';

/** The lifeline that on-chain actions point at. */
const CHAIN = 'chain';

const PREFERRED = ['A', 'S', 'M', 'B', 'B1', 'B2'];

function partyOrder(p: string): [number, number, string] {
  const i = PREFERRED.indexOf(p);
  if (i >= 0) return [0, i, p];
  const router = /^P(\d+)$/.exec(p);
  if (router !== null) return [1, Number(router[1]), p];
  return [2, 0, p];
}

function byPartyOrder(a: string, b: string): number {
  const [x1, x2, x3] = partyOrder(a);
  const [y1, y2, y3] = partyOrder(b);
  return x1 - y1 || x2 - y2 || (x3 < y3 ? -1 : x3 > y3 ? 1 : 0);
}

/** Whether an action without a receiver acts on the chain (publishes, sweeps, claims on chain). */
function onChain(msg: string | undefined, label: string): boolean {
  return /publish|on chain|sweep/i.test(msg ?? '') || /Publish|OnChain|Sweep|TimeoutClose/.test(label);
}

/** The ITF Trace Viewer's classes: a key that came or went changes the set of keys; a set that gained an element has a new element. */
function changeClass(c: Change): ChangeView['cls'] {
  if (c.before === undefined || c.after === undefined) return 'changed-keys';
  if (c.added !== undefined && c.added.length > 0) return 'new-element';
  return 'changed-value';
}

function changeView(c: Change): ChangeView {
  return {
    path: c.path,
    cls: changeClass(c),
    ...(c.before === undefined ? {} : { before: formatValue(c.before) }),
    ...(c.after === undefined ? {} : { after: formatValue(c.after) }),
    ...(c.added === undefined ? {} : { added: c.added.map((x) => formatValue(x)) }),
    ...(c.removed === undefined ? {} : { removed: c.removed.map((x) => formatValue(x)) }),
  };
}

function str(v: ItfJson | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

const PARTY_NAME = /^(A|S|M|B\d?|P\d+)$/;

/**
 * Parties the state names (string keys of its maps, e.g. every party's wallet) that look like party names,
 * so a party that never acts still has its lifeline (B who never comes online); routers P_j only up to the
 * config's `hops` when it has one.
 */
function partiesInState(vars: Readonly<Record<string, ItfJson>>, config: unknown): string[] {
  const hops =
    typeof config === 'object' && config !== null && typeof (config as { hops?: unknown }).hops === 'number'
      ? (config as { hops: number }).hops
      : undefined;
  const out = new Set<string>();
  for (const v of Object.values(vars)) {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !('#map' in v)) continue;
    for (const [k] of (v as { '#map': readonly (readonly [ItfJson, ItfJson])[] })['#map']) {
      if (typeof k !== 'string' || !PARTY_NAME.test(k)) continue;
      const router = /^P(\d+)$/.exec(k);
      if (router !== null && hops !== undefined && Number(router[1]) > hops) continue;
      out.add(k);
    }
  }
  return [...out];
}

export interface TraceViewOptions {
  /** The file as given on the command line or in the check JSON. */
  readonly file: string;
  /** The directory the page is written to (links are relative to it). */
  readonly pageDir: string;
}

/** The relative link from the page to a file, with forward slashes (a URL path). */
export function relativeHref(pageDir: string, file: string): string {
  const rel = path.relative(path.resolve(pageDir), path.resolve(file));
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

export function traceView(trace: ItfTrace, options: TraceViewOptions): TraceView {
  const meta = trace['#meta'];
  const steps = traceSteps(trace);
  const parties = new Set<string>();
  let chain = false;
  const vars = trace.vars.filter((v) => !v.startsWith('mbt::'));
  const views: StepView[] = steps.map((s, i) => {
    const { actor, to, msg, ...rest } = s.picks;
    const a = str(actor);
    const t = str(to);
    const m = str(msg);
    if (a !== undefined) parties.add(a);
    if (t !== undefined) parties.add(t);
    if (i > 0 && (a === undefined || (t === undefined && onChain(m, s.label)))) chain = true;
    const prev = i === 0 ? undefined : steps[i - 1];
    const set: Record<string, string> = {};
    for (const v of vars) {
      const now = s.vars[v];
      if (now === undefined) continue;
      if (prev === undefined || JSON.stringify(prev.vars[v]) !== JSON.stringify(now)) set[v] = formatValue(now);
    }
    const height = s.vars.height;
    return {
      label: s.label,
      ...(a === undefined ? {} : { actor: a }),
      ...(t === undefined ? {} : { to: t }),
      ...(m === undefined ? {} : { msg: m }),
      action: formatAction(s.label, rest),
      ...(height === undefined ? {} : { height: formatValue(height) }),
      changes: prev === undefined ? [] : diffStates(prev.vars, s.vars, vars).map(changeView),
      set,
    };
  });
  const first = steps[0];
  if (first !== undefined) for (const p of partiesInState(first.vars, meta.config)) parties.add(p);
  const marked = markedStep(trace);
  return {
    id: `${meta.model}/${meta.property}`,
    model: meta.model,
    property: meta.property,
    kind: meta.kind,
    verdict: meta.verdict,
    ...(meta.expected === undefined ? {} : { expected: meta.expected }),
    ...(meta.message === undefined ? {} : { message: meta.message }),
    file: options.file,
    href: relativeHref(options.pageDir, options.file),
    replay: `apln replay ${/\s/.test(options.file) ? JSON.stringify(options.file) : options.file}`,
    sentence: verdictSentence(trace),
    ...(marked === undefined ? {} : { markedStep: marked }),
    ...(trace.loop === undefined ? {} : { loop: trace.loop }),
    parties: [...[...parties].sort(byPartyOrder), ...(chain ? [CHAIN] : [])],
    vars,
    steps: views,
  };
}
