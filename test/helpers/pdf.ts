import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The text of a PDF file, page by page (pdf.js, in a Node process of its own). */
export function pdfText(file: string): string[] {
  const out = execFileSync(process.execPath, [join(__dirname, 'pdf-text.mjs'), file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as string[];
}
