import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectFile, sniffBuffer, sniffFile } from './sniff';

const zipWith = (...names: string[]) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), ...names.map((n) => Buffer.from(n, 'latin1'))]);
const ole = (stream?: string) =>
  Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100), stream ? Buffer.from(stream, 'utf16le') : Buffer.alloc(0)]);

describe(sniffBuffer.name, () => {
  it.each([
    ['a.pdf', Buffer.from('%PDF-1.7\n...'), 'application/pdf'],
    ['a.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['a.jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]), 'image/jpeg'],
    ['a.docx', zipWith('[Content_Types].xml', 'word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['a.xlsx', zipWith('[Content_Types].xml', 'xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['a.pptx', zipWith('[Content_Types].xml', 'ppt/presentation.xml'), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['a.odt', zipWith('mimetypeapplication/vnd.oasis.opendocument.text'), 'application/vnd.oasis.opendocument.text'],
    ['a.ods', zipWith('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'), 'application/vnd.oasis.opendocument.spreadsheet'],
    ['a.doc', ole('WordDocument'), 'application/msword'],
    ['a.xls', ole('Workbook'), 'application/vnd.ms-excel'],
    ['a.ppt', ole('PowerPoint Document'), 'application/vnd.ms-powerpoint'],
    ['a.doc', ole(), 'application/msword'],
  ])('recognises %s from its bytes', (name, bytes, mediaType) => {
    expect(sniffBuffer(bytes, name)?.mediaType).toBe(mediaType);
  });

  it('goes by the content, not the name', () => {
    expect(sniffBuffer(Buffer.from('%PDF-1.4'), 'bao-cao.docx')?.ext).toBe('pdf');
  });

  it.each([
    ['an executable renamed .pdf', 'x.pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1')],
    ['a script', 'x.pdf', Buffer.from('#!/bin/sh\nrm -rf /')],
    ['HTML', 'x.doc', Buffer.from('<html><script>alert(1)</script>')],
    ['a plain zip', 'x.docx', zipWith('readme.txt')],
    ['an unknown OLE file named .msi', 'x.msi', ole()],
    ['an empty file', 'x.pdf', Buffer.alloc(0)],
  ])('refuses %s', (_what, name, bytes) => {
    expect(sniffBuffer(bytes, name)).toBeNull();
  });
});

describe(inspectFile.name, () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sniff-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const stored = (name: string, content: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it.each([
    ['smaller than the head', 1000],
    ['exactly the head', 64 * 1024],
    ['several reads long', 700 * 1024 + 3],
  ])('gives the kind and the SHA-256 of a file %s', async (_, size) => {
    const content = Buffer.alloc(size);
    for (let i = 0; i < size; i++) content[i] = (i * 31) & 0xff;
    content.write('%PDF-1.7\n', 0, 'latin1');
    const result = await inspectFile(stored(`a${size}.part`, content), 'bao-cao.pdf');
    expect(result).toEqual({ kind: expect.objectContaining({ ext: 'pdf' }), sha256: createHash('sha256').update(content).digest('hex') });
  });

  it('refuses by content, as sniffBuffer does', async () => {
    await expect(inspectFile(stored('x.part', Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1')), 'x.pdf')).resolves.toBeNull();
    await expect(sniffFile(stored('y.part', Buffer.from('%PDF-1.4')), 'y.docx')).resolves.toMatchObject({ ext: 'pdf' });
  });
});
