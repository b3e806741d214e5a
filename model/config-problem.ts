/**
 * What the config decoder says about an input: its refusal message, or 'accepted'. For tests and tools that pin
 * the decoder's messages (each names the key and the rule it breaks).
 */
import { isInputError } from '../util/input-error.ts';
import { decodeConfig } from './config.ts';

export function configProblem(input: unknown): string {
  try {
    decodeConfig(input);
  } catch (e) {
    if (isInputError(e)) return e.message;
    throw e;
  }
  return 'accepted';
}
