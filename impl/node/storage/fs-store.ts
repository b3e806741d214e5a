/**
 * A `KVStore` on the filesystem: `<root>/<namespace>/<key>`. A write goes to a temporary file in the same
 * directory, is fsynced, renamed over the key, and the directory is fsynced, so after a crash (kill -9, power
 * loss) a key holds its old value or its new one, never a mix. Left-over temporary files (a crash before the
 * rename) are ignored by `list` and removed by the next write of their key.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { checkStoreName, type KVStore } from './kv-store.ts';

const TEMP = '.tmp';

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class FilesystemStore implements KVStore {
  /** `hook` is called at each phase of a write (the crash tests kill the process there). */
  constructor(
    readonly root: string,
    private readonly hook: (
      phase: 'temp-half' | 'temp-synced' | 'renamed',
      namespace: string,
      key: string,
    ) => void = () => {},
  ) {
    mkdirSync(root, { recursive: true });
  }

  private dir(namespace: string): string {
    checkStoreName('namespace', namespace);
    return join(this.root, namespace);
  }

  read(namespace: string, key: string): Uint8Array | undefined {
    checkStoreName('key', key);
    try {
      return new Uint8Array(readFileSync(join(this.dir(namespace), key)));
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  write(namespace: string, key: string, value: Uint8Array): void {
    checkStoreName('key', key);
    const dir = this.dir(namespace);
    mkdirSync(dir, { recursive: true });
    const temp = join(dir, `${key}${TEMP}`);
    const fd = openSync(temp, 'w');
    try {
      const half = value.length >> 1;
      let written = 0;
      while (written < half) written += writeSync(fd, value, written, half - written);
      this.hook('temp-half', namespace, key);
      while (written < value.length) written += writeSync(fd, value, written, value.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.hook('temp-synced', namespace, key);
    renameSync(temp, join(dir, key));
    syncDir(dir);
    this.hook('renamed', namespace, key);
  }

  remove(namespace: string, key: string): void {
    checkStoreName('key', key);
    const dir = this.dir(namespace);
    rmSync(join(dir, key), { force: true });
    try {
      syncDir(dir);
    } catch {
      // the namespace never existed: nothing to sync
    }
  }

  list(namespace: string): string[] {
    try {
      return readdirSync(this.dir(namespace))
        .filter((f) => !f.endsWith(TEMP))
        .sort();
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return [];
      throw e;
    }
  }
}
