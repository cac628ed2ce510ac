import { inflateRawSync } from 'node:zlib';
import { formatInteger, formatNumber } from '../numbers';

// Office files (xlsx, docx) are zips. A few hundred kilobytes can inflate to gigabytes,
// and the readers (exceljs through JSZip) inflate everything before looking at it. This
// module reads the zip's own directory and inflates each entry under a byte budget first,
// so a bomb is refused before any reader sees it. It is deliberately strict: whatever it
// cannot vouch for (ZIP64, encryption, other compression methods, bytes that disagree with
// the directory) is refused as malformed rather than passed on.

export interface ZipLimits {
  /** Entries in the central directory. */
  maxEntries: number;
  /** All entries together, inflated. */
  maxInflatedBytes: number;
  /** One entry, inflated. */
  maxEntryBytes?: number;
  /** `<row>` elements in any one entry (the worksheets of an xlsx). */
  maxSheetRows?: number;
}

export type ZipRefusal = 'malformed' | 'too-large' | 'too-many-entries' | 'too-many-rows';

/** A refused zip; `message` is for the person who uploaded it. */
export class ZipLimitError extends Error {
  constructor(
    readonly reason: ZipRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

export interface ZipSummary {
  entries: number;
  inflatedBytes: number;
  /** `<row>` elements per entry, for the entries that have any. */
  rows: Map<string, number>;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const ZIP64_16 = 0xffff;
const ZIP64_32 = 0xffffffff;
const STORED = 0;
const DEFLATE = 8;
const ENCRYPTED = 0x1;

const mb = (bytes: number) => formatNumber(bytes / 1024 / 1024, 1);
const malformed = () => new ZipLimitError('malformed', 'Tệp không phải là tệp Excel (.xlsx) hợp lệ.');
const tooLarge = (limit: number) =>
  new ZipLimitError('too-large', `Tệp Excel quá lớn khi giải nén (vượt quá ${mb(limit)} MB) — có thể tệp bị hỏng hoặc không phải tệp mẫu. Không có gì được lưu.`);
const tooManyEntries = (limit: number) =>
  new ZipLimitError('too-many-entries', `Tệp Excel có quá nhiều thành phần (hơn ${formatInteger(limit)}) — có thể tệp bị hỏng hoặc không phải tệp mẫu. Không có gì được lưu.`);
const tooManyRows = (limit: number) =>
  new ZipLimitError('too-many-rows', `Bảng tính có quá nhiều dòng (hơn ${formatInteger(limit)} dòng). Hãy chia thành nhiều tệp. Không có gì được lưu.`);

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/**
 * Checks a zip against the limits without trusting its headers: the declared sizes are
 * checked first (a cheap refusal for an honest bomb), then every entry is inflated with
 * its declared size as the ceiling, so an entry that inflates to more than it declares is
 * stopped there. The declared sizes fit the budget, so the real inflated total does too,
 * whatever the headers claim. Throws a ZipLimitError; returns what it measured otherwise.
 */
export function checkZipLimits(content: Buffer, limits: ZipLimits): ZipSummary {
  const entries = readDirectory(content, limits.maxEntries);
  const entryLimit = Math.min(limits.maxEntryBytes ?? Infinity, limits.maxInflatedBytes);
  let declared = 0;
  for (const e of entries) {
    if (e.size > entryLimit) throw tooLarge(entryLimit);
    declared += e.size;
    if (declared > limits.maxInflatedBytes) throw tooLarge(limits.maxInflatedBytes);
  }
  const rows = new Map<string, number>();
  let inflated = 0;
  for (const e of entries) {
    const data = inflate(content, e);
    inflated += data.length;
    const count = countRows(data);
    if (count > 0) rows.set(e.name, count);
    if (limits.maxSheetRows !== undefined && count > limits.maxSheetRows) throw tooManyRows(limits.maxSheetRows);
  }
  return { entries: entries.length, inflatedBytes: inflated, rows };
}

/**
 * The `<row>` elements (with or without a namespace prefix) in worksheet XML. Every entry
 * is counted whatever its name, so the reader's rules for naming sheets need not be copied.
 * Text cannot contain a literal `<`, so a match is always a tag.
 */
export function countRows(xml: Buffer): number {
  let count = 0;
  for (const needle of ['<row', ':row']) {
    for (let at = xml.indexOf(needle); at !== -1; at = xml.indexOf(needle, at + needle.length)) {
      const next = xml[at + needle.length];
      if (next !== 0x20 && next !== 0x3e && next !== 0x2f && next !== 0x09 && next !== 0x0a && next !== 0x0d) continue; // ' ' '>' '/' tab LF CR
      if (needle === ':row' && !prefixedTag(xml, at)) continue;
      count++;
    }
  }
  return count;
}

/** Whether the `:` at `colon` ends the prefix of a tag name (`<x:row`), not text. */
function prefixedTag(xml: Buffer, colon: number): boolean {
  let i = colon - 1;
  while (i >= 0 && isNameByte(xml[i])) i--;
  return i >= 0 && i < colon - 1 && xml[i] === 0x3c;
}

const isNameByte = (b: number) => (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x5f || b === 0x2d || b === 0x2e;

/**
 * The central directory, read the way JSZip reads it (the last end-of-directory record,
 * entries from the offset it gives) but refusing every slack JSZip tolerates, so that what
 * is checked here is exactly what the reader will inflate.
 */
function readDirectory(buf: Buffer, maxEntries: number): Entry[] {
  const eocd = findEndOfDirectory(buf);
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const onDisk = buf.readUInt16LE(eocd + 8);
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (total === ZIP64_16 || onDisk === ZIP64_16 || cdSize === ZIP64_32 || cdOffset === ZIP64_32) throw malformed(); // ZIP64
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total) throw malformed(); // multi-volume
  if (total > maxEntries) throw tooManyEntries(maxEntries);
  if (cdOffset + cdSize !== eocd) throw malformed(); // prepended data, ZIP64 records, or a lie
  const entries: Entry[] = [];
  let at = cdOffset;
  for (let i = 0; i < total; i++) {
    if (at + CENTRAL_SIZE > eocd || buf.readUInt32LE(at) !== CENTRAL) throw malformed();
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const startDisk = buf.readUInt16LE(at + 34);
    const localOffset = buf.readUInt32LE(at + 42);
    const end = at + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (end > eocd) throw malformed();
    if (compressedSize === ZIP64_32 || size === ZIP64_32 || localOffset === ZIP64_32 || startDisk === ZIP64_16) throw malformed();
    if (flags & ENCRYPTED) throw malformed();
    if (method !== STORED && method !== DEFLATE) throw malformed();
    if (method === STORED && compressedSize !== size) throw malformed();
    entries.push({ name: buf.toString('utf8', at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength), method, compressedSize, size, localOffset });
    at = end;
  }
  if (at !== eocd) throw malformed();
  return entries;
}

/** The last end-of-directory signature, as JSZip finds it, within the reach of a comment. */
function findEndOfDirectory(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = buf.length - 4; at >= lowest; at--) {
    if (buf.readUInt32LE(at) !== EOCD) continue;
    if (at + EOCD_SIZE > buf.length || at + EOCD_SIZE + buf.readUInt16LE(at + 20) > buf.length) throw malformed(); // truncated
    return at;
  }
  throw malformed();
}

/** One entry's bytes, inflated with its declared size as the ceiling; refused if they disagree. */
function inflate(buf: Buffer, e: Entry): Buffer {
  const local = e.localOffset;
  if (local + LOCAL_SIZE > buf.length || buf.readUInt32LE(local) !== LOCAL) throw malformed();
  const start = local + LOCAL_SIZE + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  if (start + e.compressedSize > buf.length) throw malformed();
  const raw = buf.subarray(start, start + e.compressedSize);
  if (e.method === STORED) return raw;
  let data: Buffer;
  try {
    // One output chunk of the declared size (+1 so that a stream that fits ends inside
    // it): no concatenation of small chunks, so the peak is the entry's size, once.
    data = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size), chunkSize: Math.max(64, e.size + 1) });
  } catch (err) {
    // More than its declared size, or not deflate at all: either way, not a file we read.
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'ERR_BUFFER_TOO_LARGE' || code.startsWith('Z_')) throw malformed();
    throw err;
  }
  if (data.length !== e.size) throw malformed();
  return data;
}
