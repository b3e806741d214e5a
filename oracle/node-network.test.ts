/**
 * The set-up worlds' cache (node-network.ts `setUpWorld`): a set-up may run the roles (scheme 1's stale states are
 * cancellations through the channel protocol), so one built by a mutant's roles must never serve another's, and
 * the mutation runner must be able to forget them all (a Stryker mutant changes the honest roles' own code).
 */
import { describe, expect, it } from 'vitest';
import type { World } from '../impl/node/world.ts';
import { forgetSetUps, setUpWorld, type Roles } from './node-network.ts';
import { HONEST_ROLES } from './scheme1/driver.ts';

/** A stand-in world that names what built it (its clone is itself). */
const world = (builtBy: string): World => ({ builtBy, clone: () => world(builtBy) }) as unknown as World;
const builtBy = (w: World): string => (w as unknown as { builtBy: string }).builtBy;

describe('set-up worlds', () => {
  it("are built once per key and roles, and a mutant's set-up never serves the honest roles", () => {
    const mutantRoles: Roles = { ...HONEST_ROLES };
    let builds = 0;
    const build = (by: string) => () => {
      builds++;
      return world(by);
    };
    expect(builtBy(setUpWorld('test/k', mutantRoles, build('mutant')))).toBe('mutant');
    expect(builtBy(setUpWorld('test/k', HONEST_ROLES, build('honest')))).toBe('honest');
    expect(builtBy(setUpWorld('test/k', HONEST_ROLES, build('again')))).toBe('honest');
    expect(builds).toBe(2);
  });

  it('are built anew after forgetSetUps (the mutation runner calls it before each mutant)', () => {
    setUpWorld('test/forget', HONEST_ROLES, () => world('before'));
    forgetSetUps();
    expect(builtBy(setUpWorld('test/forget', HONEST_ROLES, () => world('after')))).toBe('after');
  });
});
