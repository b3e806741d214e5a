// The commands `apln` runs from the light bundle (cli/main-light.ts): the checker's and the analyses', which need
// neither the implementation nor the oracle, so their start does not load bitcoinjs-lib, @scure/btc-signer, noble
// or fast-check (about 0.3 s of a 0.35 s start). cli/main-light.test.ts checks this list against that entry.
export const LIGHT_COMMANDS = ['list', 'check', 'compare', 'simulate', 'coalitions', 'synth', 'show', 'report'];
