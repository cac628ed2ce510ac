import { HttpException } from '@nestjs/common';
import { Request } from 'express';
import { FormInvalidException } from './exceptions';
import { FlashMessage } from './current-user';

/** A message shown once, on the next page the person sees. */
export function flash(req: Request, type: FlashMessage['type'], message: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { type, message }];
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
