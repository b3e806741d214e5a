/** `apln demo [--hops k] [--scheme 1|2] [--decorrelate] [--receipt] [--timeout] [--seed S] [--json]`: one whole asynchronous payment with real crypto. */
import { expectPositionals, parseArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { InputError } from '../../util/input-error.ts';
import { checkDemoOptions, formatDemo, runDemo, MAX_DEMO_HOPS } from '../../impl/node/demo.ts';

const FLAGS = {
  hops: { kind: 'nat' },
  scheme: { kind: 'string', choices: ['1', '2'] },
  decorrelate: { kind: 'boolean' },
  receipt: { kind: 'boolean' },
  timeout: { kind: 'boolean' },
  seed: { kind: 'nat' },
  json: { kind: 'boolean' },
} as const;

const usage = `Usage: apln demo [--hops K] [--scheme 1|2] [--decorrelate] [--receipt] [--timeout] [--seed S] [--json]

Runs one whole asynchronous payment with real keys, MuSig2 nonces and signatures, adaptor-signature PTLCs,
an encrypted mailbox, eltoo transactions signed with SIGHASH_ANYPREVOUT(ANYSCRIPT), and a simulated chain
that validates what it confirms.
Scheme 1: A pays and goes offline, blocks pass, B comes online and sells A's partial signature to S, S
completes the update, A returns; then S publishes U(n+1) and, after the CSV delay, St(n+1) on the chain.
Scheme 2: B pre-signs, A buys S's partial signature and hands B the complete update; B publishes it.

Options:
  --hops K          routing nodes between S and B, 0..${MAX_DEMO_HOPS} (scheme 1; default 0)
  --scheme 1|2      which scheme (default 1)
  --decorrelate     decorrelated split: each hop locked to its own point (scheme 1, --hops ≥ 1)
  --receipt         receipt variant: A ends with B's signed receipt, a proof of payment (scheme 1)
  --timeout         timeout variant: St(n+1) pays amt + fee to a pending output A can take back (scheme 1)
  --seed S          seed of every key, nonce and tweak, an integer ≥ 0 (default 1); same seed, same run
  --json            print one JSON object: each message, each party's balances after each step, every
                    transaction A or S could broadcast (raw hex, prevout amounts and scripts, tapleaf
                    script, control block) and the chain's confirmations
Exit: 0 when the payment completed and the chain confirmed it, 1 otherwise, 2 bad input.`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run one asynchronous payment end to end with real crypto and a validating chain',
  usage,
  async run(args, io) {
    const { flags, positionals, help } = parseArgs(args, FLAGS, 'demo');
    if (help) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    expectPositionals(positionals, { command: 'demo', names: [] });
    const opts = checkDemoOptions({
      hops: flags.hops ?? 0,
      scheme: flags.scheme === '2' ? 2 : 1,
      decorrelate: flags.decorrelate === true,
      receipt: flags.receipt === true,
      timeout: flags.timeout === true,
      seed: flags.seed ?? 1,
    });
    if (opts.decorrelate && opts.hops === 0)
      throw new InputError('--decorrelate', 'needs --hops ≥ 1 (there is no hop to decorrelate)');
    const transcript = runDemo(opts);
    io.out(flags.json === true ? `${JSON.stringify(transcript)}\n` : formatDemo(transcript));
    return transcript.completed ? EXIT.ok : EXIT.failed;
  },
};
