import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';

// The .docx files opened as an office opens them: LibreOffice headless converts them to
// PDF (Debian's libreoffice-writer-nogui). Without `soffice` on PATH the tests that use it
// are skipped with a plain message, unless REQUIRE_LIBREOFFICE=1 (set by CI), which makes
// the absence a failure (as REQUIRE_BROWSER does for Chromium, test/browser/browser.ts).

export const sofficePath = (process.env.PATH ?? '')
  .split(delimiter)
  .filter(Boolean)
  .map((dir) => join(dir, 'soffice'))
  .find((p) => existsSync(p));
export const libreOfficeRequired = process.env.REQUIRE_LIBREOFFICE === '1';

export function libreOfficeSkipReason(): string | null {
  if (sofficePath) return null;
  return 'LibreOffice tests skipped: no soffice on PATH. Install it with "apt-get install --no-install-recommends libreoffice-writer-nogui fonts-liberation2".';
}

/**
 * Why the documents would not be laid out as Word lays them, or null: Times New Roman is
 * replaced by Liberation Serif (same widths), whose version 1 (Debian's fonts-liberation)
 * has no Vietnamese letters with two marks, so LibreOffice sets them in a wider fallback
 * face and lines wrap where Word's do not. Version 2 (fonts-liberation2) has them.
 */
export function fontProblem(): string | null {
  try {
    const files = execFileSync('fc-list', [':family=Liberation Serif:charset=1ec7', 'file'], { encoding: 'utf8' }).trim();
    return files ? null : 'Liberation Serif without Vietnamese letters (ệ): install fonts-liberation2 beside LibreOffice ("apt-get install --no-install-recommends libreoffice-writer-nogui fonts-liberation2").';
  } catch {
    return 'fc-list (fontconfig) not found: cannot tell which face replaces Times New Roman.';
  }
}

/**
 * Converts .docx files to PDF with one soffice process (starting LibreOffice is most of
 * the cost): returns the PDF's path for each file, in the same folder. A profile of its
 * own, so that runs side by side (or a LibreOffice open on the desktop) do not collide.
 */
export function convertToPdf(files: string[], outDir: string): string[] {
  if (!sofficePath) throw new Error(libreOfficeSkipReason() ?? 'no soffice');
  const profile = mkdtempSync(join(tmpdir(), 'sang-kien-soffice-'));
  try {
    execFileSync(sofficePath, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, ...files], {
      stdio: 'pipe',
      timeout: 240_000,
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return files.map((f) => {
    const pdf = join(outDir, basename(f).replace(/\.docx$/, '.pdf'));
    if (!existsSync(pdf)) throw new Error(`LibreOffice did not convert ${basename(f)}`);
    return pdf;
  });
}
