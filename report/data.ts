/**
 * What the page is drawn from: plain JSON, the same objects the CLI prints (`apln check --json`, ITF files,
 * `apln conform --json`, …), read back and decoded by `inputs.ts`. The page embeds this object and its script
 * draws everything from it, so the report never sees the checker's internal objects.
 */

import type { CoalitionsJson, SynthJson } from './codecs.ts';

/** One property clause of one variant, as `apln check --json` prints it. */
interface PropertyJson {
  readonly name: string;
  readonly kind: string;
  readonly description?: string;
  readonly verdict: string;
  readonly expected: string;
  readonly meetsExpectation: boolean;
  readonly message?: string;
  readonly traceFile?: string;
}

/** One variant's run, as `apln check --json` prints it. */
export interface RunJson {
  readonly model: string;
  readonly family?: string;
  readonly config?: unknown;
  readonly strategy?: string;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly maxDepth: number;
  readonly seconds: number;
  readonly complete: boolean;
  readonly stoppedBy?: string;
  readonly collisionProbability: number;
  readonly deadlock?: { readonly depth: number; readonly traceFile?: string };
  readonly properties: readonly PropertyJson[];
  readonly ok: boolean;
}

/** How a leaf changed, in the ITF Trace Viewer's three classes. */
type ChangeClass = 'changed-value' | 'changed-keys' | 'new-element';

export interface ChangeView {
  readonly path: string;
  readonly cls: ChangeClass;
  /** Formatted values (`Map("A" -> 1)`); absent when the field appeared / disappeared. */
  readonly before?: string;
  readonly after?: string;
  /** For sets: the elements that joined / left. */
  readonly added?: readonly string[];
  readonly removed?: readonly string[];
}

export interface StepView {
  readonly label: string;
  readonly actor?: string;
  readonly to?: string;
  readonly msg?: string;
  /** The action with its other picks (`ClaimPtlc(hop: 0)`). */
  readonly action: string;
  /** The block height after this step, when the state has a `height` variable. */
  readonly height?: string;
  readonly changes: readonly ChangeView[];
  /** The top-level variables whose value changed at this step, formatted (a delta: the state is rebuilt by the page). */
  readonly set: Readonly<Record<string, string>>;
}

/** One trace, ready to draw: lifelines, steps with their changes, and how to reproduce it. */
export interface TraceView {
  /** `model/property` (the URL fragment's first two parts). */
  readonly id: string;
  readonly model: string;
  readonly property: string;
  readonly kind: string;
  readonly verdict: string;
  readonly expected?: string;
  readonly message?: string;
  /** The file as given (what `replay` takes), and a link to it relative to the page. */
  readonly file: string;
  readonly href: string;
  readonly replay: string;
  readonly sentence: string;
  readonly markedStep?: number;
  readonly loop?: number;
  readonly parties: readonly string[];
  readonly vars: readonly string[];
  /** Step 0 is the initial state (label `init`). */
  readonly steps: readonly StepView[];
}

/** A spec requirement, from spec/requirements.md. */
export interface RequirementJson {
  readonly role: string;
  readonly strength: string;
  readonly summary: string;
  readonly file: string;
}

export interface RequirementsJson {
  /** Per model: action label → requirement IDs it implements. */
  readonly actions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly index: Readonly<Record<string, RequirementJson>>;
  /** The spec folder relative to the page, for links (`../spec/`). */
  readonly specHref?: string;
}

/** Inputs recognised besides check results and traces (each drawn in its own section). */
export interface ExtraInputs {
  readonly conform?: unknown;
  readonly mutants?: unknown;
  readonly coalitions?: CoalitionsJson;
  readonly synth?: SynthJson;
}

export interface ReportData extends ExtraInputs {
  readonly title: string;
  readonly runs: readonly RunJson[];
  readonly traces: Readonly<Record<string, TraceView>>;
  readonly requirements?: RequirementsJson;
  /** Each input file and what it was read as. */
  readonly sources: readonly { readonly file: string; readonly kind: string }[];
  /** The view to open when the URL has no fragment (`apln show --html`: the trace). */
  readonly startView?: string;
}
