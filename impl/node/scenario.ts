/**
 * The whole runs, as named steps over a `World`: scheme 1 (A pays and goes offline, blocks pass, B comes online
 * and sells, S completes, A returns), cancellation (A and S agree a newer state before B shows up; S refuses the
 * stale sale), and scheme 2 (B pre-signs, A buys S's signature and hands B the complete update). The demo, the
 * tests and the benchmark all run these same steps.
 */
import type { NodeError } from './errors.ts';
import type { World } from './world.ts';

export type Step = { readonly name: string; run(w: World): void };

export type PaymentTerms = {
  readonly amountSat: number;
  readonly feeSat: number;
  readonly expiryBlocks: number;
  readonly offlineBlocks: number;
  /** Timeout variant: the pending timeout, this many blocks after the expiry (≥ D), and the claim margin. */
  readonly timeout?: { readonly afterExpiryBlocks: number; readonly claimMarginBlocks: number };
};

export const DEFAULT_TERMS: PaymentTerms = { amountSat: 10_000, feeSat: 100, expiryBlocks: 144, offlineBlocks: 10 };

function must(e: NodeError | undefined, what: string): void {
  if (e !== undefined) throw new Error(`${what} refused: ${e.kind}: ${e.detail}`);
}

export function scheme1Steps(terms: PaymentTerms = DEFAULT_TERMS): Step[] {
  return [
    { name: 'B is offline', run: (w) => w.setOnline('B', false) },
    {
      name: 'A pays B through S (steps 1–4)',
      run: (w) => {
        const expiryHeight = w.height + terms.expiryBlocks;
        const timeout =
          terms.timeout === undefined
            ? {}
            : {
                timeout: {
                  pendingTimeoutHeight: expiryHeight + terms.timeout.afterExpiryBlocks,
                  claimMarginBlocks: terms.timeout.claimMarginBlocks,
                },
              };
        must(
          w.command('A', {
            kind: 'PayerPay',
            payee: 'B',
            amountSat: terms.amountSat,
            feeSat: terms.feeSat,
            expiryHeight,
            ...timeout,
          }),
          'PayerPay',
        );
        w.deliver();
      },
    },
    { name: 'A goes offline', run: (w) => w.setOnline('A', false) },
    { name: `${terms.offlineBlocks} blocks pass`, run: (w) => w.mine(terms.offlineBlocks) },
    {
      name: 'B comes online and sells s_A to S (steps 5–8)',
      run: (w) => {
        w.setOnline('B', true);
        must(w.command('B', { kind: 'PayeeFetch' }), 'PayeeFetch');
        w.deliver();
      },
    },
    {
      name: 'A returns and checks the state proof (step 9)',
      run: (w) => {
        w.setOnline('A', true);
        must(w.command('A', { kind: 'PayerReturn' }), 'PayerReturn');
        w.deliver();
      },
    },
  ];
}

export function cancellationSteps(terms: PaymentTerms = DEFAULT_TERMS): Step[] {
  const [offline, pay] = scheme1Steps(terms);
  return [
    offline as Step,
    pay as Step,
    {
      name: 'A cancels: A and S complete a newer state with the old balances',
      run: (w) => {
        must(w.command('A', { kind: 'PayerCancel' }), 'PayerCancel');
        w.deliver();
      },
    },
    { name: 'A goes offline', run: (w) => w.setOnline('A', false) },
    { name: `${terms.offlineBlocks} blocks pass`, run: (w) => w.mine(terms.offlineBlocks) },
    {
      name: 'B comes online; S refuses the stale sale',
      run: (w) => {
        w.setOnline('B', true);
        must(w.command('B', { kind: 'PayeeFetch' }), 'PayeeFetch');
        w.deliver();
      },
    },
  ];
}

export function scheme2Steps(terms: PaymentTerms = DEFAULT_TERMS): Step[] {
  return [
    { name: 'A is offline', run: (w) => w.setOnline('A', false) },
    {
      name: 'B and S co-sign St(m+1); B pre-signs U(m+1) and seals it for A',
      run: (w) => {
        must(
          w.command('B', {
            kind: 'PayeeRequest',
            payer: 'A',
            amountSat: terms.amountSat,
            feeSat: terms.feeSat,
            expiryHeight: w.height + terms.expiryBlocks,
          }),
          'PayeeRequest',
        );
        w.deliver();
      },
    },
    { name: 'B goes offline', run: (w) => w.setOnline('B', false) },
    { name: `${terms.offlineBlocks} blocks pass`, run: (w) => w.mine(terms.offlineBlocks) },
    {
      name: "A comes online and buys S's partial signature",
      run: (w) => {
        w.setOnline('A', true);
        must(w.command('A', { kind: 'PayerFetch' }), 'PayerFetch');
        w.deliver();
      },
    },
    {
      name: 'B returns; A hands it the complete update',
      run: (w) => {
        w.setOnline('B', true);
        const watch = (w.node('A').snapshot as { watches?: { paymentId: string }[] }).watches?.[0];
        if (watch === undefined) throw new Error('scheme 2: A bought nothing');
        must(w.command('A', { kind: 'PayerHandoff', paymentId: watch.paymentId }), 'PayerHandoff');
        w.deliver();
      },
    },
  ];
}

export function runSteps(
  w: World,
  steps: readonly Step[],
  opts: { after?: (step: Step, w: World) => void } = {},
): void {
  for (const s of steps) {
    s.run(w);
    opts.after?.(s, w);
  }
}
