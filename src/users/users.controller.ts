import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Render, Req, Res, UploadedFile } from '@nestjs/common';
import { SingleFileUpload } from '../common/uploads/multipart';
import { Request, Response } from 'express';
import { Ctx, FormView, Permit, Roles } from '../common/decorators';
import { flash, importErrors, refusalAsFlash, refusedImport, refuseImport } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { csvSeparator } from '../common/exports';
import { holdPasswords, passwordsCsv, RESULT_PATH, takePasswordsFile, viewPasswords } from './import-passwords';
import { CreateUserDto, EditUserDto } from './dto/user-form.dto';
import { Role } from './roles';
import { UsersService } from './users.service';
import { userCsvTemplate } from './user-csv';
import { UsersView } from './users.view';
import { contextOf, RequestContext } from '../common/request-context';

const CSV_LIMIT = 5 * 1024 * 1024;

/**
 * Accounts: the system administrator manages every one; a unit administrator ("Quản trị
 * đơn vị") those of its own unit and the units below, never a system administrator's.
 */
@Controller('users')
@Roles(Role.DistrictAdmin, Role.UnitAdmin)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly view: UsersView,
  ) {}

  /** Permission of the routes on one account: it lies in the administrator's scope (403 otherwise, before anything is read or shown). */
  manages(req: Request) {
    return this.users.assertManages(contextOf(req), parseId(req.params.id));
  }

  /** Permission of the new-account form: the unit and roles it names are within the administrator's rights. */
  mayCreate(req: Request) {
    return this.users.assertMayGive(contextOf(req), null, (req.body ?? {}) as Record<string, unknown>);
  }

  /** Permission of saving an account: the account, and the unit and roles it is given, are within the administrator's rights. */
  mayEdit(req: Request) {
    return this.users.assertMayGive(contextOf(req), parseId(req.params.id), (req.body ?? {}) as Record<string, unknown>);
  }

  @Get()
  @Render('users/index')
  index(@Query() query: Record<string, string | undefined>, @Ctx() ctx: RequestContext) {
    return this.view.index(ctx, query);
  }

  @Get('new')
  @Render('users/form')
  newForm(@Ctx() ctx: RequestContext, @Query('unit') unit?: string) {
    return this.view.createForm(ctx, { unitId: unit ?? '', roles: [Role.Author] });
  }

  createModel(req: Request) {
    return this.view.createForm(contextOf(req), {});
  }

  @Post('new')
  @Permit('mayCreate')
  @FormView('users/form', 'createModel')
  async create(@Body() dto: CreateUserDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const user = await this.users.create(ctx, dto);
    flash(req, 'success', `Đã tạo tài khoản ${user.username}. Người dùng sẽ được yêu cầu đổi mật khẩu ở lần đăng nhập đầu tiên.`);
    res.redirect(303, '/users');
  }

  @Get('import')
  @Render('users/import')
  importForm(@Ctx() ctx: RequestContext, @Req() req: Request) {
    return this.view.importPage(ctx, refusedImport(req, '/users/import'));
  }

  @Get('import/template.csv')
  template(@Query('sep') sep: string | undefined, @Res() res: Response) {
    res.type('text/csv; charset=utf-8');
    res.attachment('mau-nhap-nguoi-dung.csv');
    res.send(userCsvTemplate(csvSeparator(sep)));
  }

  @Post('import')
  @SingleFileUpload('file', CSV_LIMIT)
  async import(@UploadedFile() file: Express.Multer.File | undefined, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    if (!file || file.size === 0) return refuseImport(req, res, '/users/import', { fileError: 'Vui lòng chọn tệp CSV để nhập.' });
    const result = await this.users.importCsv(ctx, file.buffer);
    if (!result.ok) return refuseImport(req, res, '/users/import', { ...importErrors(result.errors), fileName: file.originalname });
    // The passwords wait, sealed, for the result page (shown once) and one download: a
    // reload of that page never posts the file again.
    holdPasswords(req, res, ctx.user.id, file.originalname, result.passwords);
    flash(req, 'success', `Đã nhập ${result.created} người dùng từ tệp ${file.originalname}.`);
    res.redirect(303, RESULT_PATH);
  }

  @Get('import/result')
  @Render('users/import-result')
  importResult(@Ctx() ctx: RequestContext, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.view.importResult(viewPasswords(req, res, ctx.user.id));
  }

  @Get('import/result/passwords.csv')
  passwordsFile(@Ctx() ctx: RequestContext, @Query('sep') sep: string | undefined, @Req() req: Request, @Res() res: Response) {
    const file = takePasswordsFile(req, res, ctx.user.id);
    if ('refused' in file) {
      if (file.refused.kind === 'none') throw new NotFoundException('Không có tệp mật khẩu tạm thời nào đang chờ tải trong phiên làm việc của bạn.');
      res.status(410).render('users/import-result', this.view.importResult(file.refused, true));
      return;
    }
    res.type('text/csv; charset=utf-8');
    res.attachment('mat-khau-tam-thoi.csv');
    res.send(passwordsCsv(file.passwords, csvSeparator(sep)));
  }

  @Get(':id/edit')
  @Permit('manages')
  @Render('users/form')
  editForm(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.editForm(ctx, id);
  }

  editModel(req: Request) {
    return this.view.editForm(contextOf(req), parseId(req.params.id), false);
  }

  @Post(':id/edit')
  @Permit('mayEdit')
  @FormView('users/form', 'editModel')
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: EditUserDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const user = await this.users.update(ctx, id, dto);
    flash(req, 'success', `Đã lưu người dùng ${user.username}.`);
    res.redirect(303, `/users/${id}/edit`);
  }

  @Post(':id/deactivate')
  @Permit('manages')
  async deactivate(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await refusalAsFlash(req, async () => {
      const user = await this.users.setActive(ctx, id, false);
      flash(req, 'success', `Đã khóa tài khoản ${user.username}. Người này không đăng nhập được nữa.`);
    });
    res.redirect(303, `/users/${id}/edit`);
  }

  @Post(':id/activate')
  @Permit('manages')
  async activate(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const user = await this.users.setActive(ctx, id, true);
    flash(req, 'success', `Đã mở khóa tài khoản ${user.username}.`);
    res.redirect(303, `/users/${id}/edit`);
  }

  @Post(':id/reset-password')
  @Permit('manages')
  @HttpCode(200)
  @Render('users/password-issued')
  async resetPassword(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    const issued = await this.users.resetPassword(ctx, id);
    return { title: 'Mật khẩu tạm thời', issued: [issued], userId: id };
  }

}
