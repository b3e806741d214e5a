/**
 * The adapter that wraps impl/: serves the adapter protocol over a pair of streams with `InProcessImpl`, for
 * the scheme whose variant the handshake names, so the oracle can drive the TypeScript implementation through
 * exactly the path a foreign one takes.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { isLeft } from 'fp-ts/lib/Either.js';
import { firstProblem } from '../../traces/json-path.ts';
import { toItfRecord } from '../../traces/to-itf.ts';
import type { AnyModel } from '../../checker/model.ts';
import type { AnyBinding } from '../binding.ts';
import { bindingFor } from '../bindings.ts';
import { InProcessImpl, type ImplAnswer } from '../impl-side.ts';
import { PROTOCOL, Request, parseLine, type Response } from './protocol.ts';

export class AdapterSession {
  private target: { binding: AnyBinding; model: AnyModel } | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private impl: InProcessImpl<any> | undefined;

  /** Answers one request (already decoded). */
  handle(req: Request): Response | undefined {
    switch (req.type) {
      case 'hello': {
        if (req.protocol !== PROTOCOL) return { type: 'error', detail: `protocol ${req.protocol} is not ${PROTOCOL}` };
        const binding = bindingFor(req.variant);
        if (binding === undefined)
          return { type: 'error', detail: `no scheme serves variant ${JSON.stringify(req.variant)}` };
        try {
          this.target = { binding, model: binding.model(req.variant, req.config) };
        } catch (e) {
          return { type: 'error', detail: e instanceof Error ? e.message : String(e) };
        }
        return {
          type: 'hello',
          protocol: PROTOCOL,
          implementation: 'apln impl/ (TypeScript, in-process nodes)',
          capabilities: [...binding.supportedKinds],
          adversary: [...binding.adversary.kinds],
        };
      }
      case 'reset': {
        if (this.target === undefined) return { type: 'error', detail: 'reset before hello' };
        this.impl = new InProcessImpl(this.target.binding, this.target.model, { seed: req.seed });
        return { type: 'state', state: this.itf(this.impl.state()) };
      }
      case 'step': {
        if (this.impl === undefined) return { type: 'error', detail: 'step before reset' };
        return this.answer(req.id, this.impl.step(req.action));
      }
      case 'adversary': {
        if (this.impl === undefined || this.target === undefined)
          return { type: 'error', detail: 'adversary before reset' };
        const c = this.target.binding.adversary.codec.decode(req.command);
        if (isLeft(c)) {
          const p = firstProblem(c.left);
          return {
            type: 'error',
            detail: `adversary ${req.id}: not a ${this.target.binding.scheme} command at command${p.path === '' ? '' : `.${p.path}`}: ${p.problem}`,
          };
        }
        return this.answer(req.id, this.impl.adversary(c.right));
      }
      case 'bye':
        return undefined;
    }
  }

  private itf(s: unknown): Record<string, unknown> {
    if (this.target === undefined) throw new Error('adapter: no model');
    return toItfRecord(this.target.model.toItf(s));
  }

  private answer(id: number, a: ImplAnswer<unknown>): Response {
    switch (a.kind) {
      case 'state':
        return { type: 'state', id, state: this.itf(a.state), ...(a.note === undefined ? {} : { note: a.note }) };
      case 'refused':
        return { type: 'refused', id, detail: a.detail };
      case 'unsupported':
        return { type: 'unsupported', id, detail: a.detail };
      case 'noop':
        return { type: 'noop', id };
    }
  }
}

/** Serves requests from `input` until `bye` or end of input; answers on `output`, one JSON line each. */
export async function serveAdapter(input: Readable, output: Writable): Promise<void> {
  const session = new AdapterSession();
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = parseLine(Request, line);
    if (!parsed.ok) {
      output.write(`${JSON.stringify({ type: 'error', detail: parsed.problem })}\n`);
      continue;
    }
    const res = session.handle(parsed.value);
    if (res === undefined) break;
    output.write(`${JSON.stringify(res)}\n`);
  }
}
