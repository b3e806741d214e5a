/**
 * Wires noble's synchronous hash slots once. @noble/secp256k1's sync API (`schnorr.sign`, `schnorr.verify`,
 * `getSharedSecret`, ...) throws until `hashes.sha256` and `hashes.hmacSha256` are set; every file of
 * impl/crypto imports this module first, so no caller ever has to remember it.
 */
import * as secp from '@noble/secp256k1';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (key, msg) => hmac(sha256, key, msg);

export { secp, sha256 };
