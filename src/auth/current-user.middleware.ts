import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { navigation } from '../common/navigation';
import { makeViewer, Viewer } from '../common/viewer';
import { UnitsService } from '../units/units.service';
import { UsersService } from '../users/users.service';
import { NotificationsService } from '../notifications/notifications.service';

/**
 * Builds the request's Viewer from the signed-in user (UsersService.currentUser: kept as
 * reference data until a change to accounts or units, so a change of roles takes effect at
 * once; a deactivation ends the person's sessions, read from the database on each request).
 */
@Injectable()
export class CurrentUserMiddleware implements NestMiddleware {
  constructor(
    private readonly users: UsersService,
    private readonly units: UnitsService,
    private readonly notifications: NotificationsService,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      let user: Viewer | null = null;
      if (req.session?.userId) {
        const found = await this.users.currentUser(req.session.userId);
        if (found) user = makeViewer(found, (unitId) => this.units.scopeIds(unitId));
        else delete req.session.userId;
      }
      req.currentUser = user ?? undefined;
      res.locals.currentUser = user;
      // The header's count of unread notices, on pages (not on files nor form posts); HEAD too,
      // which answers with the headers of the GET (its length with them).
      if (user && (req.method === 'GET' || req.method === 'HEAD') && req.accepts(['html', 'json']) === 'html') res.locals.unreadNotices = await this.notifications.countUnread(user.id);
      // The whole path: the middleware is mounted on a pattern, so req.path here is '/'.
      res.locals.nav = navigation(user, req.originalUrl.split('?')[0]);
      next();
    } catch (e) {
      next(e);
    }
  }
}
