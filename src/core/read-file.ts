import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';

export type ReadResult =
  | { ok: true; text: string; bytes: number }
  | { ok: false; kind: string; message: string; line?: number; column?: number };

/** Reads a file as UTF-8 text, refusing what the analyzers should not see: too large, binary, not UTF-8. */
export async function readTextFile(path: string, maxBytes: number): Promise<ReadResult> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever; it has no effect on regular files.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return ioFailure(error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, kind: 'special-file', message: 'skipped: not a regular file' };
    if (info.size > maxBytes) {
      return {
        ok: false,
        kind: 'too-large',
        message: `skipped: ${formatBytes(info.size)} is over the ${formatBytes(maxBytes)} size cap (raise it with --max-file-size)`,
      };
    }
    const buffer = await handle.readFile();
    return decodeText(buffer);
  } catch (error) {
    return ioFailure(error);
  } finally {
    await handle.close();
  }
}

export function decodeText(buffer: Buffer): ReadResult {
  // git's heuristic: a NUL byte early in the file means binary.
  const probe = buffer.subarray(0, 8000);
  if (probe.includes(0)) return { ok: false, kind: 'binary', message: 'skipped: binary file (contains NUL bytes)' };
  if (!isUtf8(buffer)) {
    const bad = firstInvalidUtf8(buffer);
    const before = buffer.subarray(0, bad).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { ok: false, kind: 'encoding', message: `not valid UTF-8: bad byte 0x${buffer[bad]?.toString(16).padStart(2, '0')} at line ${line} column ${column}`, line, column };
  }
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text, bytes: buffer.length };
}

function firstInvalidUtf8(buffer: Buffer): number {
  let i = 0;
  while (i < buffer.length) {
    const byte = buffer[i]!;
    const width = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (width === 0) return i;
    if (width > 1 && !isUtf8(buffer.subarray(i, i + width))) return i;
    i += width;
  }
  return Math.min(i, buffer.length - 1);
}

function ioFailure(error: unknown): ReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return { ok: false, kind: 'not-found', message: 'no such file' };
    case 'EACCES':
    case 'EPERM':
      return { ok: false, kind: 'read', message: 'permission denied' };
    case 'ELOOP':
      return { ok: false, kind: 'loop', message: 'skipped: symbolic link loop' };
    case 'EISDIR':
      return { ok: false, kind: 'special-file', message: 'skipped: is a directory' };
    default:
      return { ok: false, kind: 'read', message: `could not read: ${(error as Error).message}` };
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value >= 10 ? 0 : 1)} ${units[unit]}`;
}

/** Parses sizes such as 20MB, 512k, 1.5GiB or a plain byte count. */
export function parseSize(input: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(input);
  if (!match) return undefined;
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(match[1]) * scale);
}

/** Files read in order, up to `ahead` reads in flight beyond the one being handled, so disk and CPU overlap. */
export async function* readInOrder<F extends { absolute: string }>(files: readonly F[], maxBytes: number, ahead = 8): AsyncGenerator<{ file: F; read: ReadResult }> {
  const reads = new Map<number, Promise<ReadResult>>();
  const start = (index: number) => {
    const file = files[index];
    if (file && !reads.has(index)) reads.set(index, readTextFile(file.absolute, maxBytes));
  };
  for (let i = 0; i < Math.min(ahead, files.length); i++) start(i);
  for (let index = 0; index < files.length; index++) {
    start(index + ahead);
    const read = await reads.get(index)!;
    reads.delete(index);
    yield { file: files[index]!, read };
  }
}
