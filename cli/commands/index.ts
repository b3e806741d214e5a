/**
 * Every `apln` command. To add one: write `commands/<name>.ts` exporting a `Command` and list it here, or in
 * `light.ts` when it needs neither the implementation nor the oracle (then in bin/light-commands.mjs too).
 */
import type { Command } from '../command.ts';
import { conformCommand } from './conform.ts';
import { demoCommand } from './demo.ts';
import { helpCommand } from './help.ts';
import { lightCommands } from './light.ts';
import { mergeCommand } from './merge.ts';
import { replayCommand } from './replay.ts';
import { validateCommand } from './validate.ts';

export const commands: readonly Command[] = [
  ...lightCommands,
  mergeCommand,
  replayCommand,
  conformCommand,
  validateCommand,
  demoCommand,
  helpCommand(() => commands),
];
