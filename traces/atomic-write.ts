/**
 * Atomic file writes: the data goes to a temporary file in the same directory, is flushed to disk
 * (fsync), and is then renamed over the target. A reader sees the old file or the whole new one, never a
 * half file; a failure removes the temporary file.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Called after the temporary file is complete and synced, before the rename (a seam for tests). */
  readonly beforeRename?: (tempFile: string) => void;
}

let counter = 0;

export function writeFileAtomic(file: string, data: string, options: AtomicWriteOptions = {}): void {
  const dir = dirname(file);
  counter += 1;
  const temp = join(dir, `.${basename(file)}.${process.pid}.${counter}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    const bytes = Buffer.from(data, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    options.beforeRename?.(temp);
    renameSync(temp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  syncDirectory(dir);
}

/** Makes the rename itself durable where the platform allows it (a directory fsync); best effort. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot open or fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
