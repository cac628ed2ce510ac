import type { Response } from 'express';

// Content-Disposition for downloads, keeping Vietnamese file names (RFC 6266 / 5987).

/** ASCII stand-in for old clients: diacritics dropped, unsafe characters replaced. */
export function asciiFilename(name: string): string {
  const folded = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  return folded.replace(/[^A-Za-z0-9._ -]/g, '_') || 'tep';
}

export function contentDisposition(name: string): string {
  return `attachment; filename="${asciiFilename(name)}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Sends a Word document as a download under its Vietnamese name, never sniffed as something else. */
export function sendDocx(res: Response, buffer: Buffer, filename: string): void {
  res.setHeader('Content-Type', DOCX_TYPE);
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(buffer);
}
