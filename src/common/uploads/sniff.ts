import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';

/** A file type the application accepts, recognised from the file's own bytes. */
export interface FileKind {
  ext: string;
  mediaType: string;
  label: string;
}

const KINDS: Record<string, FileKind> = {
  pdf: { ext: 'pdf', mediaType: 'application/pdf', label: 'PDF' },
  doc: { ext: 'doc', mediaType: 'application/msword', label: 'Word (DOC)' },
  xls: { ext: 'xls', mediaType: 'application/vnd.ms-excel', label: 'Excel (XLS)' },
  ppt: { ext: 'ppt', mediaType: 'application/vnd.ms-powerpoint', label: 'PowerPoint (PPT)' },
  docx: { ext: 'docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word (DOCX)' },
  xlsx: { ext: 'xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel (XLSX)' },
  pptx: { ext: 'pptx', mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint (PPTX)' },
  odt: { ext: 'odt', mediaType: 'application/vnd.oasis.opendocument.text', label: 'OpenDocument (ODT)' },
  ods: { ext: 'ods', mediaType: 'application/vnd.oasis.opendocument.spreadsheet', label: 'OpenDocument (ODS)' },
  jpg: { ext: 'jpg', mediaType: 'image/jpeg', label: 'Ảnh JPG' },
  png: { ext: 'png', mediaType: 'image/png', label: 'Ảnh PNG' },
};

export const ACCEPTED_LABEL = 'PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, JPG, PNG';
export const ACCEPT_ATTRIBUTE = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.jpg,.jpeg,.png';

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

/**
 * The kind of a file from its first bytes (64 KB are enough for the formats accepted).
 * The name only decides between the legacy Office formats when their stream names are
 * further into the file. Anything else (an .exe renamed .pdf, a plain zip) is null.
 */
export function sniffBuffer(head: Buffer, originalName: string): FileKind | null {
  const ext = extname(originalName).slice(1).toLowerCase();
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return KINDS.pdf;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return KINDS.png;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return KINDS.jpg;
  if (startsWith(head, OLE2)) {
    if (head.includes(utf16('WordDocument'))) return KINDS.doc;
    if (head.includes(utf16('Workbook')) || head.includes(utf16('Book'))) return KINDS.xls;
    if (head.includes(utf16('PowerPoint Document'))) return KINDS.ppt;
    return ext === 'doc' || ext === 'xls' || ext === 'ppt' ? KINDS[ext] : null;
  }
  if (startsWith(head, ZIP)) {
    const text = head.toString('latin1');
    if (text.startsWith('mimetypeapplication/vnd.oasis.opendocument.text', 30)) return KINDS.odt;
    if (text.startsWith('mimetypeapplication/vnd.oasis.opendocument.spreadsheet', 30)) return KINDS.ods;
    if (text.includes('[Content_Types].xml') || text.includes('_rels/.rels')) {
      if (text.includes('word/')) return KINDS.docx;
      if (text.includes('xl/')) return KINDS.xlsx;
      if (text.includes('ppt/')) return KINDS.pptx;
    }
    return null;
  }
  return null;
}

/** Bytes read from disk at a time, into one buffer reused for the whole file. */
const READ_CHUNK = 256 * 1024;
/** What sniffBuffer needs to see. */
const HEAD_BYTES = 64 * 1024;

export async function sniffFile(path: string, originalName: string): Promise<FileKind | null> {
  return (await inspectFile(path, originalName))?.kind ?? null;
}

/** A stored file's kind (from its first bytes) and its SHA-256; null when the kind is refused. */
export interface InspectedFile {
  kind: FileKind;
  sha256: string;
}

/**
 * Sniffs and hashes a stored file in one pass, reading into one buffer it reuses. A read
 * stream would allocate a new 64 KB buffer per read: for a 50 MB file, 50 MB of garbage
 * that V8 collects late (it counts the buffers' memory outside its heap), so the resident
 * memory of the process grows by tens of MB per large upload. A refused file is read no
 * further than its head.
 */
export async function inspectFile(path: string, originalName: string): Promise<InspectedFile | null> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    const fill = async (length: number): Promise<number> => {
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buf, filled, length - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled;
    };
    let n = await fill(HEAD_BYTES);
    const kind = sniffBuffer(buf.subarray(0, n), originalName);
    if (!kind) return null;
    const hash = createHash('sha256');
    while (n > 0) {
      // update() copies what it needs before the buffer is filled again.
      hash.update(buf.subarray(0, n));
      n = await fill(READ_CHUNK);
    }
    return { kind, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}
