/**
 * Wires bitcoinjs-lib's elliptic-curve backend (@bitcoinerlab/secp256k1) once; every file of impl/tx that
 * builds taproot outputs imports this module first, so no caller has to remember `initEccLib`.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { initEccLib } from 'bitcoinjs-lib';

initEccLib(ecc);
