/**
 * Registers the baseline designs (family `baseline`) with the checker's registry. `variants/index.ts`
 * imports this module; nothing here is driven by the conformance oracle.
 */
import type { ParamSpec } from '../checker/registry.ts';
import { registerModel } from '../checker/registry.ts';
import { baselineConfigCodec, type BaselineConfig } from '../model/baselines/config.ts';
import { BASELINES } from '../model/baselines/designs.ts';
import { buildBaseline, type BaselineModel } from '../model/baselines/machine.ts';
import { baselineProperties } from '../properties/baselines/index.ts';
import { abstractionsOf } from './abstractions.ts';

const BASELINE_PARAMS: readonly ParamSpec[] = [
  {
    name: 'payeeAwayBlocks',
    type: 'integer 1..8',
    description: 'how long B stays away each time it goes offline (an honest B is back exactly then)',
  },
  { name: 'holdCltvBlocks', type: 'integer 2..16', description: "the CLTV of A's HTLC to S, blocks after A offers it" },
  {
    name: 'forwardDeltaBlocks',
    type: 'integer 1..4',
    description: "S's cltv_expiry_delta: its HTLC to B times out this many blocks after it offers it",
  },
  {
    name: 'deviating',
    type: 'list of party names (A, S, B, M)',
    description: 'the parties that deviate, together, as one coalition',
  },
  { name: 'maxHeight', type: 'integer 1..16', description: 'the last block height the chain reaches' },
  { name: 'hubMayCrash', type: 'boolean', description: 'S, even an honest S, may crash once and recover later' },
  {
    name: 'claimSteps',
    type: 'integer 1..2, optional (absent = 1)',
    description:
      "2: B's update_fulfill_htlc hands S the preimage, S's commitment then pays B (else B closes and claims on chain)",
  },
  {
    name: 'payerSkipsAmountCheck',
    type: 'boolean, optional (absent = false; LightningRod)',
    description: "a flaw: A pays the amount a deviating S's hold invoice names, one sat above the request + fee",
  },
  {
    name: 'hopCloseDelayBlocks',
    type: 'integer 0..6, optional (absent = 1; claimSteps 2 only)',
    description: 'blocks from B closing the S–B channel until it can claim its HTLC on chain',
  },
];

/** Builds a baseline design's model from a decoded config (also what tests use). */
export function buildBaselineVariant(name: string, config?: BaselineConfig): BaselineModel {
  const d = BASELINES.find((x) => x.name === name);
  if (d === undefined) throw new Error(`no baseline design '${name}'`);
  return buildBaseline({
    name: d.name,
    design: d.design,
    config: config ?? d.defaults,
    properties: baselineProperties,
    expect: d.expect,
  });
}

for (const d of BASELINES) {
  registerModel<BaselineConfig>({
    name: d.name,
    description: d.description,
    family: 'baseline',
    params: BASELINE_PARAMS,
    codec: baselineConfigCodec,
    defaults: d.defaults,
    build: (config) => buildBaselineVariant(d.name, config),
    abstracts: abstractionsOf(d.name),
  });
}
