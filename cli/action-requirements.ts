/**
 * What the report links each trace step to: per protocol model, every action label its traces can show →
 * the spec requirement IDs the action kind implements (ACTION_REQUIREMENTS, SCHEME2_REQUIREMENTS,
 * MULTI_REQUIREMENTS), and the requirement index of spec/requirements.md. Labels are derived from kinds by
 * each machine's label function, so the map is built by labelling every action shape.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ACTION_REQUIREMENTS, labelOf, type ActionKind, type ProtocolAction } from '../model/scheme1/actions.ts';
import {
  MULTI_REQUIREMENTS,
  labelOf as labelM,
  type MultiAction,
  type MultiActionKind,
} from '../model/multi/actions.ts';
import { MULTI_VARIANTS } from '../model/multi/variants.ts';
import {
  SCHEME2_REQUIREMENTS,
  labelOf as label2,
  type Scheme2Action,
  type Scheme2ActionKind,
} from '../model/scheme2/actions.ts';
import { PARTY_COUNT } from '../model/parties.ts';
import type { RequirementJson, RequirementsJson } from '../report/data.ts';
import { parseIndex } from '../spec/requirement-ids.ts';

type LabelMap = Record<string, string[]>;

function add(map: LabelMap, label: string, ids: readonly string[]): void {
  map[label] = [...new Set([...(map[label] ?? []), ...ids])];
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Every scheme-1 label: a kind's label depends on its party only. */
function scheme1Labels(): LabelMap {
  const map: LabelMap = {};
  for (const kind of Object.keys(ACTION_REQUIREMENTS) as ActionKind[]) {
    for (const party of range(PARTY_COUNT))
      add(map, labelOf({ kind, party, hop: 0, state: 0 } as unknown as ProtocolAction), ACTION_REQUIREMENTS[kind]);
  }
  return map;
}

function scheme2Labels(): LabelMap {
  const map: LabelMap = {};
  for (const kind of Object.keys(SCHEME2_REQUIREMENTS) as Scheme2ActionKind[]) {
    for (const party of range(4))
      add(map, label2({ kind, party } as unknown as Scheme2Action), SCHEME2_REQUIREMENTS[kind]);
  }
  return map;
}

function multiLabels(): LabelMap {
  const map: LabelMap = {};
  for (const kind of Object.keys(MULTI_REQUIREMENTS) as MultiActionKind[]) {
    for (const party of range(4))
      add(map, labelM({ kind, party, payment: 0, state: 0 } as unknown as MultiAction), MULTI_REQUIREMENTS[kind]);
  }
  return map;
}

/** The label map of one registered protocol model (by its name and family); undefined for other models. */
function labelsFor(model: string, family: string | undefined): LabelMap | undefined {
  if (MULTI_VARIANTS.some((v) => v.name === model)) return multiLabels();
  if (family === 'scheme2') return scheme2Labels();
  if (family === 'scheme1' || family === 'flaw') return scheme1Labels();
  return undefined;
}

const SPEC_DIR = fileURLToPath(new URL('../spec/', import.meta.url));

/** The requirement index (spec/requirements.md) and, per model, label → IDs. */
export function actionRequirements(
  models: readonly { readonly model: string; readonly family?: string }[],
  specHref?: string,
): RequirementsJson {
  const index: Record<string, RequirementJson> = {};
  const file = `${SPEC_DIR}requirements.md`;
  for (const row of parseIndex(readFileSync(file, 'utf8'), file))
    index[row.id] = { role: row.role, strength: row.strength, summary: row.summary, file: row.file };
  const actions: Record<string, LabelMap> = {};
  for (const m of models) {
    const labels = labelsFor(m.model, m.family);
    if (labels !== undefined) actions[m.model] = labels;
  }
  return { actions, index, ...(specHref === undefined ? {} : { specHref }) };
}

/** The spec folder, for links from a page written to `pageDir`. */
export const specFolder = SPEC_DIR;
