/**
 * Scheme 1 as a checker `Model`: one machine for every scheme-1 variant, the variant given by its switches.
 * Properties are passed in (they live in properties/; variants/ joins them).
 */
import { assembleModel, type MachineModel, type VariantSpec } from '../machine.ts';
import { describeAction, labelOf, type ProtocolAction } from './actions.ts';
import { eclipseBlocksOf, inclusionDelay, type ProtocolConfig, flawSwitchProblem } from '../config.ts';
import { makeCtx, type Ctx } from './context.ts';
import { enabledActions } from './enabled.ts';
import { MAX_WORDS, encodeState, encodeWords, unpackState } from './encode.ts';
import { stateToItf } from './itf.ts';
import { successorWords } from './successor-words.ts';
import { nextState } from './next.ts';
import { B, hopOfferer, hopReceiver } from '../parties.ts';
import { initialState, type ProtocolState } from './state.ts';
import type { Switches } from './switches.ts';
import { InputError } from '../../util/input-error.ts';

export type ProtocolModel = MachineModel<ProtocolState, ProtocolAction, Ctx>;

export interface MachineSpec extends VariantSpec<ProtocolState, ProtocolAction, Ctx> {
  readonly config: ProtocolConfig;
  readonly switches: Switches;
}

export function buildMachine(spec: MachineSpec): ProtocolModel {
  if (spec.config.payerLeavesAfterPaying === true)
    throw new InputError('config.payerLeavesAfterPaying', 'scheme 2 only (A watching the B–S channel): expected false');
  const flaw = flawSwitchProblem(spec.config, 'scheme 1');
  if (flaw !== undefined) throw new InputError(`config.${flaw.key}`, flaw.problem);
  if (spec.config.payeeReusesReceiptNonce === true && !spec.switches.receipt)
    throw new InputError(
      'config.payeeReusesReceiptNonce',
      'B signs a receipt pre-signature only in scheme1-receipt, so there is no receipt nonce to reuse: expected false',
    );
  const ctx = makeCtx(spec.config, spec.switches);
  return assembleModel(spec, {
    ctx,
    init: initialState({ hops: ctx.hops, publicTweaks: !spec.switches.decorrelated }),
    actions: enabledActions,
    next: nextState,
    encode: encodeState,
    // The mempool is a trace variable only where it can hold something (every state of a trace has the same keys).
    toItf: (s) =>
      stateToItf(s, {
        mempool: inclusionDelay(spec.config) > 0,
        eclipse: eclipseBlocksOf(spec.config) > 0,
        unpersisted: spec.config.hubCrashLosesUnpersisted === true,
      }),
    // Diagrams name B as the last hop's receiver; M's sale shows in its own invoice step.
    describe: (a) => describeAction(a, { hopOfferer, hopReceiver: (i) => hopReceiver(i, ctx.hops, B) }),
    label: labelOf,
    unpack: unpackState,
    encodeInto: encodeWords,
    maxWords: MAX_WORDS,
    successorWords,
  });
}
