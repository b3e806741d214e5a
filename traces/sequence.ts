/**
 * The sequence diagram of a trace, from the pick convention documented on `ActionDescription`: a string
 * pick `actor` names who acts, `to` the receiver (an arrow actor → to), `msg` the message (the arrow's
 * label; the action label when absent). A step without `to` is a note over its actor, or over everyone
 * when it has no actor (a chain step). Plain text (a column per party) or Mermaid `sequenceDiagram`.
 */
import type { ItfJson, ItfTrace } from './itf.ts';
import { formatAction, markedStep, verdictSentence } from './render.ts';
import { traceSteps } from './steps.ts';

interface DiagramStep {
  readonly index: number;
  readonly label: string;
  readonly actor?: string;
  readonly to?: string;
  readonly msg?: string;
  /** The picks other than actor, to and msg. */
  readonly rest: Readonly<Record<string, ItfJson>>;
}

function str(v: ItfJson | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function diagramSteps(trace: ItfTrace): { parties: string[]; steps: DiagramStep[] } {
  const parties: string[] = [];
  const see = (p: string | undefined): void => {
    if (p !== undefined && !parties.includes(p)) parties.push(p);
  };
  const steps = traceSteps(trace)
    .slice(1)
    .map((s) => {
      const { actor, to, msg, ...rest } = s.picks;
      const d: DiagramStep = { index: s.index, label: s.label, actor: str(actor), to: str(to), msg: str(msg), rest };
      see(d.actor);
      see(d.to);
      return d;
    });
  return { parties, steps };
}

function stepMark(trace: ItfTrace, index: number): string {
  if (index !== markedStep(trace)) return '';
  return trace['#meta'].verdict === 'reached' ? '  ✓' : '  ✗';
}

/** Plain text: a column per party, one line per step, the action on the right. */
export function sequenceText(trace: ItfTrace): string {
  const { parties, steps } = diagramSteps(trace);
  const width = Math.max(14, ...parties.map((p) => p.length + 4));
  const half = Math.floor(width / 2);
  const center = (i: number): number => i * width + half;
  const total = Math.max(1, parties.length) * width;
  const num = (i: number | string): string => String(i).padStart(4);
  const blank = (): string[] => {
    const row = Array.from({ length: total }, () => ' ');
    parties.forEach((_p, i) => (row[center(i)] = '|'));
    return row;
  };
  const names = Array.from({ length: total }, () => ' ');
  parties.forEach((p, i) => {
    const start = Math.max(0, center(i) - Math.floor(p.length / 2));
    for (let k = 0; k < p.length; k++) names[start + k] = p[k] as string;
  });
  const lines = [`${num('')}  ${names.join('').trimEnd()}`];
  for (const s of steps) {
    const row = blank();
    const from = s.actor === undefined ? -1 : parties.indexOf(s.actor);
    const to = s.to === undefined ? -1 : parties.indexOf(s.to);
    let label = s.msg ?? s.label;
    let inArrow = false;
    if (from >= 0 && to >= 0 && from !== to) {
      const lo = Math.min(center(from), center(to));
      const hi = Math.max(center(from), center(to));
      for (let k = lo + 1; k < hi; k++) row[k] = '-';
      if (to > from) row[hi - 1] = '>';
      else row[lo + 1] = '<';
      if (label.length + 4 <= hi - lo - 2) {
        const start = lo + 1 + Math.floor((hi - lo - 1 - label.length) / 2);
        for (let k = 0; k < label.length; k++) row[start + k] = label[k] as string;
        inArrow = true;
      }
    } else if (from >= 0) {
      row[center(from)] = '*';
    } else {
      for (let k = 0; k < total; k++) if (row[k] === ' ') row[k] = '·';
    }
    if (inArrow && s.msg === undefined) label = '';
    const action = formatAction(s.label, s.rest);
    const right = inArrow || s.msg === undefined ? action : `${s.msg}: ${action}`;
    lines.push(`${num(s.index)}  ${row.join('')}  ${right}${stepMark(trace, s.index)}`.trimEnd());
  }
  lines.push('', verdictSentence(trace));
  return `${lines.join('\n')}\n`;
}

function mermaidText(s: string): string {
  return s.replace(/#/g, '#35;').replace(/;/g, '#59;').replace(/\n/g, ' ');
}

function mermaidId(p: string): string {
  const id = p.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(id) ? `p_${id}` : id;
}

/** Mermaid `sequenceDiagram` text (paste into a Markdown ```mermaid block). */
export function sequenceMermaid(trace: ItfTrace): string {
  const { parties, steps } = diagramSteps(trace);
  const all = parties.length > 0 ? parties : [trace['#meta'].model];
  const lines = ['sequenceDiagram'];
  for (const p of all) {
    const id = mermaidId(p);
    lines.push(id === p ? `  participant ${p}` : `  participant ${id} as ${mermaidText(p)}`);
  }
  const first = mermaidId(all[0] as string);
  const last = mermaidId(all[all.length - 1] as string);
  const over = first === last ? first : `${first},${last}`;
  const marked = markedStep(trace);
  for (const s of steps) {
    if (trace.loop !== undefined && trace.loop + 1 === s.index && trace.loop + 1 < trace.states.length) {
      lines.push(`  Note over ${over}: ↺ the loop starts here (after step ${trace.loop})`);
    }
    const action = formatAction(s.label, s.rest);
    const text = mermaidText(`${s.index}. ${s.msg === undefined ? action : `${s.msg} (${action})`}`);
    if (s.actor !== undefined && s.to !== undefined && s.actor !== s.to) {
      lines.push(`  ${mermaidId(s.actor)}->>${mermaidId(s.to)}: ${text}`);
    } else if (s.actor !== undefined) {
      lines.push(`  Note over ${mermaidId(s.actor)}: ${text}`);
    } else {
      lines.push(`  Note over ${over}: ${text}`);
    }
    if (s.index === marked) lines.push(`  Note over ${over}: ${mermaidText(verdictSentence(trace))}`);
  }
  if (marked === undefined || marked === 0) lines.push(`  Note over ${over}: ${mermaidText(verdictSentence(trace))}`);
  return `${lines.join('\n')}\n`;
}
