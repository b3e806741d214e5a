/**
 * Test-only: the BIP-327 codecs; the loader itself is `util/vectors.ts`. Not part of the public API.
 */
import * as t from 'io-ts';
import { vectorsPresent as present } from '../../util/vectors.ts';

export { readCsvVectors, readJsonVectors, readJsonVectorsIfPresent } from '../../util/vectors.ts';

/** True when the vector file exists; logs a note naming the missing file otherwise (tests then skip). */
export const vectorsPresent = (rel: string): boolean => present(rel, 'impl/crypto');

/** io-ts codecs shared by the BIP-327 files. */
export const Hex = t.string;
export const Indices = t.array(t.number);
export const VectorError = t.union([
  t.type({ type: t.literal('invalid_contribution'), signer: t.union([t.number, t.null]), contrib: t.string }),
  t.type({ type: t.literal('value'), message: t.string }),
]);
export type VectorError = t.TypeOf<typeof VectorError>;
