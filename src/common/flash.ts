import { HttpException } from '@nestjs/common';
import { Request, Response } from 'express';
import { FormInvalidException } from './exceptions';
import { FlashMessage } from './current-user';

/** A message shown once, on the next page the person sees. */
export function flash(req: Request, type: FlashMessage['type'], message: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { type, message }];
}

/**
 * What a refused upload leaves for the page it redirects to (errors of an import), so
 * that reloading that page never posts the file again. Read once.
 */
export function keepForNextPage(req: Request, key: string, value: unknown): void {
  if (!req.session) return;
  req.session.kept = { ...(req.session.kept ?? {}), [key]: value };
}

export function takeKept<T>(req: Request, key: string): T | undefined {
  const kept = req.session?.kept;
  if (!kept || !(key in kept)) return undefined;
  const value = kept[key] as T;
  delete kept[key];
  if (Object.keys(kept).length === 0) delete req.session.kept;
  return value;
}

/** Errors shown after a refused import: the first few hundred, and how many there were. */
export const SHOWN_IMPORT_ERRORS = 300;
export function importErrors<T>(errors: T[]): { errors: T[]; errorCount: number } {
  return { errors: errors.slice(0, SHOWN_IMPORT_ERRORS), errorCount: errors.length };
}

/** A refused import: its outcome waits for the page it came from, reached by a redirect. */
export function refuseImport(req: Request, res: Response, page: string, outcome: Record<string, unknown>): void {
  keepForNextPage(req, `import:${page}`, outcome);
  res.redirect(303, page);
}

/** The outcome of the import refused just before, for the page that shows its form. */
export function refusedImport(req: Request, page: string): Record<string, unknown> {
  return takeKept<Record<string, unknown>>(req, `import:${page}`) ?? {};
}

export function takeFlash(req: Request): FlashMessage[] {
  const messages = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  return messages;
}

/**
 * Runs an action started by a button; a refusal (400 or 409, with a reason in words)
 * becomes a message on the page the person returns to instead of an error page. Form
 * errors and anything else are thrown on. True when the action went through.
 */
export async function refusalAsFlash(req: Request, action: () => Promise<void>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (e) {
    const refused = e instanceof HttpException && [400, 409].includes(e.getStatus()) && !(e instanceof FormInvalidException);
    if (!refused) throw e;
    flash(req, 'danger', e.message);
    return false;
  }
}
