import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes all of `bytes` at `position` (-1: the current position). */
export function writeAll(fd: number, bytes: Buffer, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    done += writeSync(fd, bytes, done, bytes.length - done, position < 0 ? null : position + done);
  }
}

/** A new file at `path` holding `text`, written beside it and renamed over it (0600: it holds tokens); its fd, open for writing. */
export function writeNew(path: string, text: string, tmp: string): number {
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    writeAll(fd, Buffer.from(text), 0);
    fsyncSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeQuietly(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // not made
    }
    throw e;
  }
  syncDir(path);
  return fd;
}

/** fsync of the folder, so a rename survives a power cut (not possible everywhere: then skipped). */
export function syncDir(path: string): void {
  try {
    const fd = openSync(dirname(path), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some filesystems cannot fsync a folder
  }
}

export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
