import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Viewer } from '../common/viewer';
import { Ctx, DuringPasswordChange, FormView, Public } from '../common/decorators';
import { flash } from '../common/flash';
import { SESSION_COOKIE } from '../app.setup';
import { readCookie } from '../common/cookies';
import { DEVICE_COOKIE, DEVICE_COOKIE_DAYS } from './device-cookie';
import { UsersService } from '../users/users.service';
import { AuthService, safeNext, TooManyAttemptsException } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RequestContext } from '../common/request-context';

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Get('login')
  @Public()
  loginPage(@Req() req: Request, @Res() res: Response, @Query('next') next?: string) {
    if (req.currentUser) return res.redirect(303, safeNext(next));
    res.render('auth/login', this.loginModel(req));
  }

  loginModel(req: Request) {
    const next = (req.body as { next?: string } | undefined)?.next ?? (req.query.next as string | undefined);
    return { title: 'Đăng nhập', bare: true, next: safeNext(next), form: { values: {}, errors: {} } };
  }

  @Post('login')
  @Public()
  @FormView('auth/login', 'loginModel')
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res() res: Response) {
    let signedIn;
    try {
      signedIn = await this.auth.signIn(dto.username, dto.password, req.ip ?? '', readCookie(req, DEVICE_COOKIE));
    } catch (e) {
      if (!(e instanceof TooManyAttemptsException)) throw e;
      return res.status(429).render('auth/login', { ...this.loginModel(req), form: { values: { username: dto.username }, errors: { password: e.message } } });
    }
    // A new session id at sign-in, so an id planted before cannot be reused.
    await regenerate(req);
    const { user } = signedIn;
    req.session.userId = user.id;
    await save(req);
    res.cookie(DEVICE_COOKIE, signedIn.devices, { httpOnly: true, sameSite: 'lax', secure: req.secure, maxAge: DEVICE_COOKIE_DAYS * 24 * 60 * 60 * 1000 });
    res.redirect(303, user.mustChangePassword ? '/account/password' : safeNext(dto.next));
  }

  @Post('logout')
  @Public()
  async logout(@Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await this.auth.signedOut(ctx);
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(SESSION_COOKIE);
    res.redirect(303, '/login');
  }

  @Get('account/password')
  @DuringPasswordChange()
  @Render('auth/password')
  passwordPage(@Ctx() ctx: RequestContext) {
    return this.passwordModel(ctx.user);
  }

  passwordModel(req: Request | Viewer) {
    const user = 'currentUser' in req ? (req.currentUser as Viewer) : (req as Viewer);
    return { title: 'Đổi mật khẩu', mustChange: user.mustChangePassword, form: { values: {}, errors: {} } };
  }

  @Post('account/password')
  @DuringPasswordChange()
  @FormView('auth/password', 'passwordModel')
  async changePassword(@Body() dto: ChangePasswordDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await this.users.changeOwnPassword(ctx, dto.currentPassword, dto.newPassword, dto.confirmPassword, req.sessionID);
    flash(req, 'success', 'Đã đổi mật khẩu.');
    res.redirect(303, '/');
  }
}
