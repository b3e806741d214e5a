/**
 * The directory traces are written to (`--out DIR`), checked before any work and created one level at a time:
 * the nearest existing ancestor must be a directory on an ordinary file system (not /proc or /sys, where
 * Node 20's recursive mkdir never returns), and every missing level is made with a plain `mkdir`, so a
 * failure is an `InputError` naming the level and the reason.
 */
import { mkdirSync, statSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../util/input-error.ts';

/** statfs(2) magic numbers of kernel pseudo file systems, where nothing of ours can be written. */
const PSEUDO_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
]);

/** Checks `dir` without creating anything; returns the levels that would be created (outermost first). */
export function checkOutDir(dir: string, flag = '--out'): string[] {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'ENOENT') throw new InputError(`${flag} ${dir}`, `cannot use ${at} (${code ?? String(e)})`);
      const up = dirname(at);
      if (up === at) throw new InputError(`${flag} ${dir}`, 'no existing directory above it');
      missing.unshift(at);
      at = up;
      continue;
    }
    if (!isDir) throw new InputError(`${flag} ${dir}`, `${at} is not a directory`);
    let type: number | undefined;
    try {
      type = statfsSync(at).type;
    } catch {
      type = undefined; // statfs unavailable: mkdir below still fails cleanly
    }
    const pseudo = type === undefined ? undefined : PSEUDO_FS.get(type);
    if (pseudo !== undefined)
      throw new InputError(`${flag} ${dir}`, `${at} is on ${pseudo}, a kernel file system; choose a directory on disk`);
    return missing;
  }
}

/** Checks `dir` and creates its missing levels one by one. */
export function ensureOutDir(dir: string, flag = '--out'): void {
  for (const level of checkOutDir(dir, flag)) {
    try {
      mkdirSync(level);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EEXIST') continue;
      throw new InputError(`${flag} ${dir}`, `cannot create ${level} (${code ?? String(e)})`);
    }
  }
}
