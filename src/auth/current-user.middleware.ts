import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { CurrentUser } from '../common/current-user';
import { navigation } from '../common/navigation';
import { UsersService } from '../users/users.service';

/**
 * Loads the signed-in user from the database on each request, so a deactivation or a
 * change of roles takes effect at once.
 */
@Injectable()
export class CurrentUserMiddleware implements NestMiddleware {
  constructor(private readonly users: UsersService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      let user: CurrentUser | null = null;
      if (req.session?.userId) {
        user = await this.users.currentUser(req.session.userId);
        if (!user) delete req.session.userId;
      }
      req.currentUser = user ?? undefined;
      res.locals.currentUser = user;
      res.locals.nav = navigation(user, req.path);
      next();
    } catch (e) {
      next(e);
    }
  }
}
