/**
 * Chain time. Time moves only through blocks: block h has median time past (BIP-113)
 * `mtpBaseSeconds + h · blockIntervalSeconds`, by default 1_700_000_000 + 600·h.
 *
 * Consequence for eltoo: update transactions carry nLockTime = 500000000 + n, a *time* (≥ 500000000) far in
 * the past of this clock, so they are always final; their ordering is enforced by the update leaf's CLTV
 * (which compares nLockTime with the script operand, not with the clock). Height-based locks (PTLC timeouts,
 * CSV delays) are what the blocks advance.
 */
export interface ChainClock {
  /** BIP-113 median time past of the block at `height`. */
  mtp(height: number): number;
}

export function linearClock(
  opts: { readonly mtpBaseSeconds?: number; readonly blockIntervalSeconds?: number } = {},
): ChainClock {
  const base = opts.mtpBaseSeconds ?? 1_700_000_000;
  const step = opts.blockIntervalSeconds ?? 600;
  return { mtp: (height) => base + step * height };
}
