/**
 * The protocol model as a checker `Model`: one machine for every scheme-1 variant, the variant given by
 * its switches. Properties are passed in (they live in properties/, which imports this folder).
 */
import type { Expectation, Model, Property } from '../../checker/model.ts';
import { describeAction, type ProtocolAction } from './actions.ts';
import type { ProtocolConfig } from '../config.ts';
import { makeCtx, type Ctx } from './context.ts';
import { enabledActions } from './enabled.ts';
import { encodeState, stateToItf } from './encode.ts';
import { nextState } from './next.ts';
import { B, hopOfferer, hopReceiver } from '../parties.ts';
import { initialState, type ProtocolState } from './state.ts';
import type { Switches } from './switches.ts';

export type ProtocolModel = Model<ProtocolState, ProtocolAction> & { readonly ctx: Ctx };

export interface MachineSpec {
  readonly name: string;
  readonly config: ProtocolConfig;
  readonly switches: Switches;
  /** The properties for a context (properties/index.ts `protocolProperties`). */
  readonly properties: (ctx: Ctx) => readonly Property<ProtocolState, ProtocolAction>[];
  /** Each property's expected verdict, by name; names not listed keep the default (holds / reached). */
  readonly expect: (ctx: Ctx) => Readonly<Record<string, Expectation>>;
}

export function buildMachine(spec: MachineSpec): ProtocolModel {
  const ctx = makeCtx(spec.config, spec.switches);
  const expectations = spec.expect(ctx);
  const properties = spec.properties(ctx).map((p) => {
    const e = expectations[p.name];
    return e === undefined ? p : { ...p, expect: e };
  });
  const unknownNames = Object.keys(expectations).filter((n) => !properties.some((p) => p.name === n));
  if (unknownNames.length > 0) throw new Error(`${spec.name}: expectations for unknown properties ${unknownNames.join(', ')}`);
  const init = initialState({ hops: ctx.hops, publicTweaks: !spec.switches.decorrelated });
  return {
    name: spec.name,
    ctx,
    init: () => [init],
    actions: (s) => enabledActions(ctx, s),
    next: (s, a) => nextState(ctx, s, a),
    properties,
    encode: encodeState,
    toItf: stateToItf,
    // Diagrams name B as the last hop's receiver; M's sale shows in its own invoice step.
    describe: (a) => describeAction(a, { hopOfferer, hopReceiver: (i) => hopReceiver(i, ctx.hops, B) }),
    terminal: (s) => s.height === ctx.config.maxHeight,
  };
}
