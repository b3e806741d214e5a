/**
 * Every `apln` command. To add one: write `commands/<name>.ts` exporting a `Command` and list it here.
 */
import type { Command } from '../command.ts';
import { checkCommand } from './check.ts';
import { compareCommand } from './compare.ts';
import { coalitionsCommand } from './coalitions.ts';
import { mergeCommand } from './merge.ts';
import { synthCommand } from './synth.ts';
import { conformCommand } from './conform.ts';
import { validateCommand } from './validate.ts';
import { demoCommand } from './demo.ts';
import { helpCommand } from './help.ts';
import { listCommand } from './list.ts';
import { replayCommand } from './replay.ts';
import { showCommand } from './show.ts';
import { reportCommand } from './report.ts';
import { simulateCommand } from './simulate.ts';

export const commands: readonly Command[] = [
  listCommand,
  checkCommand,
  compareCommand,
  simulateCommand,
  coalitionsCommand,
  synthCommand,
  mergeCommand,
  replayCommand,
  showCommand,
  reportCommand,
  conformCommand,
  validateCommand,
  demoCommand,
  helpCommand(() => commands),
];
