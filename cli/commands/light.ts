/**
 * The commands that need neither the implementation nor the oracle (the checker's and the analyses'): the light
 * entry (main-light.ts) serves them alone, and bin/light-commands.mjs routes them there by name.
 */
import type { Command } from '../command.ts';
import { checkCommand } from './check.ts';
import { coalitionsCommand } from './coalitions.ts';
import { compareCommand } from './compare.ts';
import { listCommand } from './list.ts';
import { reportCommand } from './report.ts';
import { showCommand } from './show.ts';
import { simulateCommand } from './simulate.ts';
import { synthCommand } from './synth.ts';

export const lightCommands: readonly Command[] = [
  listCommand,
  checkCommand,
  compareCommand,
  simulateCommand,
  coalitionsCommand,
  synthCommand,
  showCommand,
  reportCommand,
];
