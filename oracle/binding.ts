/**
 * What the oracle needs to know about one protocol scheme: the interface every scheme's binding implements
 * (scheme1/binding.ts, scheme2/binding.ts). The run loop, fast-check loop, coverage replay, conform
 * orchestration, ITF traces, replay against the implementation, mutant hunting, the in-process implementation
 * and the adapter are written once over it; adding a scheme means writing one binding.
 */
import type fc from 'fast-check';
import type * as t from 'io-ts';
import type { ItfValue } from '../checker/model.ts';
import type { MachineModel } from '../model/machine.ts';
import type { GuardId } from '../impl/node/guards.ts';
import type { Party } from '../model/parties.ts';

/** The types one binding ties together (one type parameter instead of six). */
export interface BindingTypes {
  /** The model's state, which the abstraction of the implementation also produces. */
  readonly state: unknown;
  readonly action: { readonly kind: string };
  /** The scheme's adversarial stutters (restart, replay, forged messages …). */
  readonly command: { readonly kind: string };
  /** The implementation side: impl/ nodes in a World and the oracle's chain. */
  readonly driver: unknown;
  /** The scheme's model; its `step` answers a typed refusal for an action that is not enabled. */
  // biome-ignore lint/suspicious/noExplicitAny: a binding's model is the scheme's own, with its state and action types
  readonly model: MachineModel<any, any, unknown>;
  readonly mutant: Mutant;
}

/** A deliberately broken implementation (a named change to the honest roles or the driver's hooks). */
export interface Mutant {
  /** kebab-case, what `apln conform --mutant NAME` takes. */
  readonly name: string;
  /** One sentence: what is broken. */
  readonly description: string;
}

/** One conformance suite: a variant, a coalition, and how far to look. */
export interface Suite {
  readonly name: string;
  readonly variant: string;
  readonly deviating: readonly Party[];
  readonly hubMayCrash?: boolean;
  /** The deepest coverage this suite replays (its BFS grows fast: two deviating parties share knowledge). */
  readonly maxDepth?: number;
  /** Config keys on top of the variant's defaults (a longer horizon). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Paths deeper than the coverage depth, replayed after it. */
  readonly paths?: readonly SuitePath[];
  /** A sampled suite: each random run draws its own config and coalition (oracle/config-arb.ts). */
  readonly sample?: SuiteSample;
}

/** What a sampled suite's random runs draw, each run anew, around the suite's own config and coalition. */
interface SuiteSample {
  /** Integer and switch keys drawn from their codec's range (model/config.ts `configKeyDomain`). */
  readonly keys: readonly string[];
  /** The coalitions drawn from beside the suite's own (those the oracle drives for the variant). */
  readonly coalitions: readonly (readonly Party[])[];
}

/** A path by action label (each must be enabled in turn), on the suite's config or with S's crash switched. */
export interface SuitePath {
  readonly labels: readonly string[];
  /** Runs the path with `hubMayCrash` so (a path the suite's own config cannot reach: S down past its claim). */
  readonly hubMayCrash?: boolean;
}

export interface ProtocolBinding<T extends BindingTypes> {
  /** `scheme1`, `scheme2`: what reports and the adapter's handshake name. */
  readonly scheme: string;
  /** Does this binding drive `variant`? */
  serves(variant: string): boolean;
  /** The model of `variant` with `config` (a decoded config, or JSON from a trace's `#meta.config`); bad input is an InputError. */
  model(variant: string, config?: unknown): T['model'];
  /** The config a suite runs with (the variant's defaults, the coalition and the suite's keys). */
  suiteConfig(suite: Suite): unknown;
  /** The default conformance suites: together they exercise every action kind the oracle drives. */
  readonly suites: readonly Suite[];
  /** Every action kind of the scheme, and why the oracle does not drive some (empty: it drives all). */
  readonly actionKinds: readonly string[];
  readonly unsupportedKinds: Readonly<Partial<Record<string, string>>>;
  /** The action kinds the implementation side takes (what an adapter declares). */
  readonly supportedKinds: readonly string[];

  /** The implementation can take `a` in model state `s` (the model's guard plus what the honest node code does). */
  supports(model: T['model'], s: T['state'], a: T['action']): boolean;
  /** Why an enabled action is not taken on the implementation (in state `s`, when the reason depends on it). */
  skipReason(a: T['action'], s?: T['state']): string;

  /** A fresh implementation side (world seed, mutant); an unsupported config is an InputError. */
  driver(model: T['model'], opts: { seed: number; mutant?: T['mutant'] }): T['driver'];
  /** The model state the implementation is in: a pure function of what the driver exposes. */
  abstraction(d: T['driver'], model: T['model']): T['state'];
  /** Takes model action `a` (from `before`) as impl steps; throws ImplRefusal when the implementation cannot. */
  step(d: T['driver'], model: T['model'], before: T['state'], a: T['action']): void;
  /** After a step to `after`: what an honest party must refuse now is delivered now (and must be refused). */
  promptRefusals(d: T['driver'], model: T['model'], after: T['state']): void;
  /**
   * The honest nodes' protocol status beside the abstraction (optional): `model`, what the model state implies
   * (only the fields it determines); `impl`, the implementation's (every field `model` may name); `stutter`,
   * everything an honest node records of the protocol, which adversarial stutter `c` must leave as it is.
   */
  readonly status?: {
    model(model: T['model'], s: T['state']): Readonly<Record<string, ItfValue>>;
    impl(d: T['driver']): Readonly<Record<string, ItfValue>>;
    /** Undefined for a stutter that may rightly move them (a fresh message a deviating party may send). */
    stutter(d: T['driver'], model: T['model'], c: T['command']): Readonly<Record<string, ItfValue>> | undefined;
  };
  /** The guards (impl/node/guards.ts ids) the implementation refused with so far, one per refusal. */
  refusedGuards(d: T['driver']): readonly string[];
  /** Guard-directed runs (guard-directed.ts): each drives the implementation into one refusal guard. */
  readonly guardCases?: readonly GuardCase<T['command']>[];

  /** The adversarial stutters: their codec (traces, the adapter), fast-check arbitrary, label, and effect. */
  readonly adversary: {
    readonly codec: t.Type<T['command'], unknown, unknown>;
    readonly arbitrary: fc.Arbitrary<T['command']>;
    /** Command kinds, as the adapter's handshake lists them. */
    readonly kinds: readonly string[];
    label(c: T['command']): string;
    /** Runs `c`; what it did, or undefined when it had nothing to act on. */
    run(d: T['driver'], c: T['command']): string | undefined;
  };

  readonly mutants: readonly T['mutant'][];
  /**
   * The model a mutant is hunted in by random runs (the coalition where its bug can show), or undefined for a
   * mutant random runs do not reach within a hunt (a pinned path in the scheme's tests catches it).
   */
  huntModel(m: T['mutant']): T['model'] | undefined;

  /** The state back from an adapter's ITF answer (every field checked); bad input is an InputError naming `where`. */
  fromItf?(model: T['model'], json: unknown, where: string): T['state'];
}

/** A binding of any scheme (the generic code's view of the list of bindings). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyBinding = ProtocolBinding<any>;

/** An adversarial stutter's label in either scheme: `OracleRestartS`, `OracleReplay`, `OracleForgedInvoice`. */
export function stutterLabel(c: { readonly kind: string; readonly node?: string }): string {
  return c.kind === 'restart' ? `OracleRestart${c.node ?? ''}` : `Oracle${c.kind[0]?.toUpperCase()}${c.kind.slice(1)}`;
}

/** One directed run: in suite `suite`, the model actions labelled `prefix`, then stutter `cmd` (after `before`), refused by `guard`. */
export interface GuardCase<Cmd> {
  readonly guard: GuardId;
  /** The suite's name (its variant and coalition: the sender of `cmd` deviates). */
  readonly suite: string;
  /** Deviating parties instead of the suite's (a coalition the suite does not run: A deviating in the timeout variant). */
  readonly deviating?: readonly Party[];
  /** Config keys on top of the suite's (a switch or a timing the suite does not run: cancellation as messages). */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly prefix: readonly string[];
  /** Stutters before `cmd` that set the scene (a crafted proposal the honest party accepts, say). */
  readonly before?: readonly Cmd[];
  /**
   * Other guards whose "always refuse" mutants this run tells apart (it takes the honest node past that guard: a
   * bundle A must buy, or check further, though it holds another one): the mutation runner aims it at them too.
   */
  readonly alsoFor?: readonly GuardId[];
  /**
   * The deviating party's message the guard must refuse; none when the prefix's own model steps drive the honest
   * node into the guard (an honest B's invoice after chain steps, too close to the expiry).
   */
  readonly cmd?: Cmd;
}
