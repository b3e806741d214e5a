/**
 * The adapter that wraps impl/: serves the adapter protocol over a pair of streams with `InProcessImpl`, so
 * the oracle can drive the TypeScript implementation through exactly the path a foreign one takes.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ProtocolAction } from '../../model/scheme1/actions.ts';
import { decodeConfig } from '../../model/config.ts';
import { buildVariant } from '../../variants/index.ts';
import type { ProtocolModel } from '../../model/scheme1/machine.ts';
import { toItfRecord } from '../../traces/to-itf.ts';
import { InputError } from '../../util/input-error.ts';
import { InProcessImpl, type ImplAnswer } from '../impl-side.ts';
import { SUPPORTED_ACTIONS } from '../step.ts';
import { PROTOCOL, Request, parseLine, type Response } from './protocol.ts';

const ADVERSARY = ['restart', 'replay', 'forgedEnvelope', 'forgedInvoice'];

export class AdapterSession {
  private model: ProtocolModel | undefined;
  private impl: InProcessImpl | undefined;

  /** Answers one request (already decoded). */
  handle(req: Request): Response | undefined {
    switch (req.type) {
      case 'hello': {
        if (req.protocol !== PROTOCOL) return { type: 'error', detail: `protocol ${req.protocol} is not ${PROTOCOL}` };
        try {
          this.model = buildVariant(req.variant, decodeConfig(req.config));
        } catch (e) {
          return { type: 'error', detail: e instanceof Error ? e.message : String(e) };
        }
        return { type: 'hello', protocol: PROTOCOL, implementation: 'apln impl/ (TypeScript, in-process nodes)', capabilities: [...SUPPORTED_ACTIONS], adversary: ADVERSARY };
      }
      case 'reset': {
        if (this.model === undefined) return { type: 'error', detail: 'reset before hello' };
        this.impl = new InProcessImpl(this.model, { seed: req.seed });
        return { type: 'state', state: this.itf(this.impl.state()) };
      }
      case 'step': {
        if (this.impl === undefined) return { type: 'error', detail: 'step before reset' };
        return this.answer(req.id, this.impl.step(req.action as unknown as ProtocolAction));
      }
      case 'adversary': {
        if (this.impl === undefined) return { type: 'error', detail: 'adversary before reset' };
        return this.answer(req.id, this.impl.adversary(req.command));
      }
      case 'bye':
        return undefined;
    }
  }

  private itf(s: Parameters<ProtocolModel['toItf']>[0]): Record<string, unknown> {
    if (this.model === undefined) throw new InputError('adapter', 'no model');
    return toItfRecord(this.model.toItf(s));
  }

  private answer(id: number, a: ImplAnswer): Response {
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
