import { Request } from 'express';
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
