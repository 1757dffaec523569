/**
 * A zip reader for Inspect `.eval` archives that never trusts the archive: entry count, each entry's uncompressed
 * size and the total read are bounded (limits.ts), entries are inflated one at a time in pieces, encrypted entries
 * and unknown compression methods are named. ZIP64 archives (over 65,535 entries or 4 GiB) are read too.
 */
import { Inflate } from 'fflate';
import { StudyError } from '../study/study.ts';
import { MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES } from './limits.ts';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  /** General-purpose flags; bit 0 = encrypted. */
  flags: number;
  compressedSize: number;
  /** Uncompressed size in bytes, as the central directory declares it. */
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 0x100000000;

function corrupt(path: string, why: string): StudyError {
  return new StudyError(`not a readable .eval zip archive (truncated or corrupt?): ${why}`, path);
}

/** The entries listed in the archive's central directory. Throws a StudyError when it is missing or over a limit. */
export function zipEntries(bytes: Uint8Array, path: string): ZipEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt(path, 'no end-of-central-directory record');
  let count = u16(bytes, eocd + 10);
  let cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(bytes, loc) !== 0x07064b50) throw corrupt(path, 'ZIP64 locator missing');
    const z = u64(bytes, loc + 8);
    if (z + 56 > bytes.length || u32(bytes, z) !== 0x06064b50) throw corrupt(path, 'ZIP64 record missing');
    count = u64(bytes, z + 32);
    cdOffset = u64(bytes, z + 48);
  }
  if (count > MAX_ZIP_ENTRIES) {
    throw new StudyError(
      `the archive lists ${count} entries, more than the limit ${MAX_ZIP_ENTRIES} (MAX_ZIP_ENTRIES)`,
      path,
    );
  }
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50)
      throw corrupt(path, 'central directory cut short');
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    if (p + 46 + nameLen + extraLen > bytes.length) throw corrupt(path, 'central directory cut short');
    const e: ZipEntry = {
      name: new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen)),
      flags: u16(bytes, p + 8),
      method: u16(bytes, p + 10),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      offset: u32(bytes, p + 42),
    };
    // ZIP64 extra field: the 0xFFFFFFFF fields, in the order size, compressed size, offset.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
      const id = u16(bytes, x);
      const len = u16(bytes, x + 2);
      if (id === 1) {
        let f = x + 4;
        if (e.size === 0xffffffff) {
          e.size = u64(bytes, f);
          f += 8;
        }
        if (e.compressedSize === 0xffffffff) {
          e.compressedSize = u64(bytes, f);
          f += 8;
        }
        if (e.offset === 0xffffffff) e.offset = u64(bytes, f);
      }
      x += 4 + len;
    }
    out.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Bytes read so far from one archive, shared by its entries so the total stays under MAX_ZIP_TOTAL_BYTES. */
export interface ZipBudget {
  read: number;
}

/** The uncompressed bytes of one entry, inflated in pieces and checked against the limits and its declared size. */
export function readZipEntry(bytes: Uint8Array, e: ZipEntry, path: string, budget: ZipBudget): Uint8Array {
  const where = `${path}/${e.name}`;
  if (e.flags & 1 || e.method === 99) {
    throw new StudyError(
      `entry "${e.name}" is encrypted (ZipCrypto or AES): decrypt the archive, then import it`,
      path,
    );
  }
  if (e.method !== 0 && e.method !== 8) {
    throw new StudyError(
      `entry "${e.name}" uses compression method ${e.method}; only stored and deflate are read`,
      path,
    );
  }
  if (e.size > MAX_ZIP_ENTRY_BYTES) {
    throw new StudyError(
      `entry "${e.name}" is ${e.size} bytes uncompressed, over the limit ${MAX_ZIP_ENTRY_BYTES} (MAX_ZIP_ENTRY_BYTES)`,
      path,
    );
  }
  if (budget.read + e.size > MAX_ZIP_TOTAL_BYTES) {
    throw new StudyError(
      `the entries hold more than ${MAX_ZIP_TOTAL_BYTES} bytes uncompressed (limit MAX_ZIP_TOTAL_BYTES)`,
      path,
    );
  }
  if (e.offset + 30 > bytes.length || u32(bytes, e.offset) !== 0x04034b50) {
    throw corrupt(where, 'local header missing');
  }
  const start = e.offset + 30 + u16(bytes, e.offset + 26) + u16(bytes, e.offset + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw corrupt(where, 'entry cut short');
  const data = bytes.subarray(start, end);
  let out: Uint8Array;
  if (e.method === 0) out = data.slice();
  else {
    out = new Uint8Array(e.size);
    let n = 0;
    const inflate = new Inflate((chunk) => {
      if (n + chunk.length > e.size) {
        throw new StudyError(
          `entry "${e.name}" inflates beyond its declared ${e.size} bytes (corrupt, or a zip bomb)`,
          path,
        );
      }
      out.set(chunk, n);
      n += chunk.length;
    });
    try {
      const piece = 1 << 20;
      for (let i = 0; i < data.length || i === 0; i += piece) {
        inflate.push(data.subarray(i, i + piece), i + piece >= data.length);
      }
    } catch (err) {
      if (err instanceof StudyError) throw err;
      throw corrupt(where, err instanceof Error ? err.message : String(err));
    }
    if (n !== e.size) throw corrupt(where, `inflated to ${n} of its declared ${e.size} bytes`);
  }
  if (out.length !== e.size) throw corrupt(where, `holds ${out.length} of its declared ${e.size} bytes`);
  budget.read += out.length;
  return out;
}
