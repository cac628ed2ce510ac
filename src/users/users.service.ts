import { BadRequestException, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { isConcurrentChange } from '../common/http-exception.filter';
import { diffFields } from '../audit/audit.types';
import { generatePassword, hashPassword, UNUSABLE_HASH, verifyPassword } from '../auth/passwords';
import { DatabaseSessionStore } from '../auth/session-store';
import { CsvFormatError, CsvRowError, parseCsv } from '../common/csv';
import { administersUnit, grantableRoles, isSystemAdmin, mayManageAccount } from '../common/access';
import { CurrentUser } from '../common/current-user';
import { FieldErrors, FormInvalidException } from '../common/exceptions';
import { dayAfter, formatDate, todayIso } from '../common/dates';
import { fold } from '../common/text';
import { ReadCache } from '../database/read-cache';
import { UnitOfWork } from '../database/unit-of-work';
import { UnitsService } from '../units/units.service';
import { CreateUserDto, EditUserDto } from './dto/user-form.dto';
import { isRole, Role, ROLE_LABELS, roleLabels, ROLES } from './roles';
import { User } from './user.entity';
import { parseRolesCell, rolesCellError, USER_CSV_COLUMNS } from './user-csv';


import { UserFilter, UsersRepository } from './users.repository';
import { RequestContext } from '../common/request-context';

export type { UserFilter };

export interface IssuedPassword {
  username: string;
  fullName: string;
  password: string;
}

export interface UserImportResult {
  ok: boolean;
  created: number;
  errors: CsvRowError[];
  passwords: IssuedPassword[];
}

const AUDITED: (keyof User)[] = ['username', 'fullName', 'position', 'email', 'unitId', 'roles', 'active'];
const USERNAME = /^[a-z0-9._-]{3,64}$/;

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly repo: UsersRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly sessions: DatabaseSessionStore,
    private readonly units: UnitsService,
    private readonly cache: ReadCache,
  ) {}

  roleLabels(roles: Role[]): string[] {
    return roleLabels(roles);
  }

  findOne(id: number): Promise<User> {
    return this.repo.findOrFail(id, true);
  }

  /** Every active user with their unit, council roles first (for choosing council members). */
  async active(): Promise<User[]> {
    const users = await this.repo.activeWithUnits();
    const council = (u: User) => (u.roles.includes(Role.CouncilMember) || u.roles.includes(Role.CouncilSecretary) ? 0 : 1);
    return users.sort((a, b) => council(a) - council(b));
  }

  countActive(): Promise<number> {
    return this.repo.countActive();
  }

  /** The accounts this administrator sees: every one for the system's, those of its scope for a unit's. */
  async list(ctx: RequestContext, filter: UserFilter): Promise<{ users: User[]; total: number }> {
    if (isSystemAdmin(ctx.user)) return this.repo.list(filter);
    return this.repo.list({ ...filter, unitIds: [...(await this.adminScope(ctx))] });
  }

  /**
   * The units whose accounts this administrator manages: null for every unit (the system's),
   * else its own unit, the units below and those merged into them (none for a non-administrator).
   */
  async adminScope(ctx: RequestContext): Promise<ReadonlySet<number>> {
    return isSystemAdmin(ctx.user) || !ctx.user.roles.includes(Role.UnitAdmin) ? new Set<number>() : ctx.user.scope();
  }

  /**
   * Refuses (403, naming nothing of the account) an administrator who may not manage this
   * account: a unit administrator manages only accounts of its scope, and never a system
   * administrator's. An unknown account is not found.
   */
  async assertManages(ctx: RequestContext, id: number): Promise<void> {
    if (isSystemAdmin(ctx.user)) return;
    const user = await this.repo.findOrFail(id);
    if (!mayManageAccount(ctx.user, user, await this.adminScope(ctx))) throw new ForbiddenException('Bạn chỉ quản lý được tài khoản của đơn vị mình và các đơn vị trực thuộc.');
  }

  /**
   * Refuses (403, before the form is read) a posted account that would go beyond the
   * administrator's rights: a unit outside its scope, or a role it may not give (the system
   * administrator's, for a unit administrator), unless the account already holds it. A form
   * the administrator's own pages never offer, so a refusal, not a message beside a field.
   */
  async assertMayGive(ctx: RequestContext, accountId: number | null, body: { unitId?: unknown; roles?: unknown }): Promise<void> {
    if (isSystemAdmin(ctx.user)) return;
    if (accountId !== null) await this.assertManages(ctx, accountId);
    const held = accountId !== null ? (await this.repo.findOrFail(accountId)).roles : [];
    const unit = typeof body.unitId === 'string' && /^\d{1,9}$/.test(body.unitId.trim()) ? Number(body.unitId) : null;
    const roles = (Array.isArray(body.roles) ? body.roles : [body.roles]).filter((r): r is string => typeof r === 'string');
    const allowed: string[] = this.grantable(ctx);
    const beyondUnit = unit !== null && !administersUnit(ctx.user, unit, await this.adminScope(ctx));
    const beyondRole = roles.some((r) => isRole(r) && !allowed.includes(r) && !held.includes(r));
    if (beyondUnit || beyondRole) throw new ForbiddenException('Bạn chỉ quản lý được người dùng của đơn vị mình và các đơn vị trực thuộc, với các vai trò được giao.');
  }

  /** The roles this administrator may give. */
  grantable(ctx: RequestContext): Role[] {
    return grantableRoles(ctx.user, ROLES);
  }

  /** Messages for a unit or roles this administrator may not give (beside the fields). */
  private async checkGrant(ctx: RequestContext, unitId: number, roles: Role[], before: Role[], errors: FieldErrors): Promise<void> {
    if (isSystemAdmin(ctx.user)) return;
    if (!errors.unitId && !administersUnit(ctx.user, unitId, await this.adminScope(ctx))) errors.unitId = 'Bạn chỉ xếp được người dùng vào đơn vị mình hoặc đơn vị trực thuộc.';
    const allowed = this.grantable(ctx);
    const added = roles.filter((r) => !before.includes(r) && !allowed.includes(r));
    if (added.length) errors.roles = `Bạn không được giao vai trò ${added.map((r) => ROLE_LABELS[r]).join(', ')}.`;
  }

  /**
   * The user behind a session, or null if gone or deactivated: read on every signed-in
   * request, so kept as reference data until a change to accounts or units (on this
   * instance at once, on another as soon as its change is announced). A deactivation also
   * ends the person's sessions, which are read from the database on every request. Shared
   * and frozen: callers copy it (makeViewer). `fresh`: read from the database whatever is
   * kept (a request without a session, which no deactivation ends: an API token's).
   */
  currentUser(id: number, options: { fresh?: boolean } = {}): Promise<CurrentUser | null> {
    if (options.fresh) return this.readCurrentUser(id);
    return this.cache.reference(`users.current:${id}`, () => this.readCurrentUser(id), ['users', 'units']);
  }

  private async readCurrentUser(id: number): Promise<CurrentUser | null> {
    const user = await this.repo.activeWithUnit(id);
    if (!user) return null;
    return Object.freeze({
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      position: user.position,
      unitId: user.unitId,
      unitName: user.unit?.name ?? '',
      roles: Object.freeze(user.roles.filter(isRole)) as Role[],
      mustChangePassword: user.mustChangePassword,
    });
  }

  /** The active user with this username and password, or null. Same cost either way. */
  async checkCredentials(username: string, password: string): Promise<User | null> {
    const user = await this.withPasswordHash(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
    return ok && user && user.active ? user : null;
  }

  /**
   * What a browser's sign-in mark is bound to besides the username: a piece of the stored
   * password hash (random salt), so every mark dies when the password changes or is reset.
   * Null for an unknown or locked account.
   */
  async deviceKey(username: string): Promise<string | null> {
    const user = await this.withPasswordHash(username);
    return user && user.active && user.passwordHash ? `${user.username}:${user.passwordHash.slice(-24)}` : null;
  }

  /** The account of a username with its password hash (never selected otherwise). */
  private withPasswordHash(username: string): Promise<User | null> {
    return this.repo.withPasswordHash({ username });
  }

  // ---- writes --------------------------------------------------------------------

  /** The unit of an account: one that exists and is in force (a person keeps an ended unit only until moved). */
  private async checkUnit(unitId: number, currentUnitId: number | null, errors: FieldErrors): Promise<void> {
    const unit = await this.units.find(unitId);
    if (!unit) errors.unitId = 'Đơn vị không tồn tại.';
    else if (unitId !== currentUnitId && endedUnitRefusal(unit)) errors.unitId = endedUnitRefusal(unit) as string;
  }

  async create(ctx: RequestContext, dto: CreateUserDto): Promise<User> {
    const passwordHash = await hashPassword(dto.password);
    return this.uow.run(async () => {
      this.uow.changes('users');
      const username = dto.username.toLowerCase();
      const errors: FieldErrors = {};
      if (await this.repo.usernameTaken(username)) errors.username = `Tên đăng nhập ${username} đã có người dùng.`;
      await this.checkUnit(dto.unitId, null, errors);
      await this.checkGrant(ctx, dto.unitId, [...new Set(dto.roles)], [], errors);
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      const user = await this.repo.save(
        new User({
          username,
          fullName: dto.fullName,
          position: dto.position,
          email: dto.email ?? '',
          unitId: dto.unitId,
          roles: [...new Set(dto.roles)],
          active: true,
          passwordHash,
          mustChangePassword: true,
          searchText: this.searchText(username, dto.fullName, dto.position),
        }),
      );
      await this.audit.log(ctx, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        summary: `Tạo người dùng ${user.username} — ${user.fullName}`,
        changes: diffFields<User>(null, user, AUDITED),
      });
      return user;
    });
  }

  async update(ctx: RequestContext, id: number, dto: EditUserDto): Promise<User> {
    return this.uow.run(async () => {
      this.uow.changes('users');
      const user = await this.repo.findOrFail(id);
      const before = { ...user, roles: [...user.roles] };
      const roles = [...new Set(dto.roles)];
      const errors: FieldErrors = {};
      await this.checkUnit(dto.unitId, user.unitId, errors);
      await this.checkGrant(ctx, dto.unitId, roles, user.roles, errors);
      if (ctx.actor.id === id && user.roles.includes(Role.UnitAdmin) && !roles.includes(Role.UnitAdmin) && !isSystemAdmin(ctx.user)) {
        errors.roles = 'Bạn không thể tự bỏ vai trò quản trị của chính mình.';
      }
      if (user.roles.includes(Role.DistrictAdmin) && !roles.includes(Role.DistrictAdmin)) {
        if (ctx.actor.id === id) errors.roles = 'Bạn không thể tự bỏ vai trò quản trị của chính mình.';
        else if ((await this.lockActiveAdmins()) <= 1 && user.active) errors.roles = 'Đây là quản trị viên cuối cùng; hãy giao vai trò quản trị cho người khác trước.';
      }
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      Object.assign(user, {
        fullName: dto.fullName,
        position: dto.position,
        email: dto.email ?? '',
        unitId: dto.unitId,
        roles,
        searchText: this.searchText(user.username, dto.fullName, dto.position),
      });
      await this.repo.save(user);
      const changes = diffFields<User>(before, user, AUDITED);
      const rolesChanged = changes.some((c) => c.field === 'roles');
      if (changes.length) {
        await this.audit.log(ctx, {
          action: rolesChanged ? 'user.roles' : 'user.update',
          entityType: 'user',
          entityId: id,
          summary: `Sửa người dùng ${user.username}${rolesChanged ? ` (vai trò: ${this.roleLabels(roles).join(', ') || 'không có'})` : ''}`,
          changes,
        });
      }
      return user;
    });
  }

  /** Deactivating signs the user out everywhere; the account and its history stay. */
  async setActive(ctx: RequestContext, id: number, active: boolean): Promise<User> {
    const user = await this.uow.run(async () => {
      this.uow.changes('users');
      const user = await this.repo.findOrFail(id);
      if (user.active === active) return user;
      if (!active) {
        if (ctx.actor.id === id) throw new BadRequestException('Bạn không thể tự khóa tài khoản của chính mình.');
        if (user.roles.includes(Role.DistrictAdmin) && (await this.lockActiveAdmins()) <= 1) {
          throw new BadRequestException('Đây là quản trị viên cuối cùng đang hoạt động; không thể khóa.');
        }
      }
      user.active = active;
      await this.repo.save(user);
      await this.audit.log(ctx, {
        action: active ? 'user.activate' : 'user.deactivate',
        entityType: 'user',
        entityId: id,
        summary: `${active ? 'Mở khóa' : 'Khóa'} tài khoản ${user.username} — ${user.fullName}`,
        changes: [{ field: 'active', before: !active, after: active }],
      });
      return user;
    });
    if (!active) await this.sessions.destroyForUser(id);
    return user;
  }

  /** Issues a temporary password (shown once to the administrator). */
  async resetPassword(ctx: RequestContext, id: number): Promise<IssuedPassword> {
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const user = await this.uow.run(async () => {
      this.uow.changes('users');
      const user = await this.repo.findOrFail(id);
      await this.repo.update(id, { passwordHash, mustChangePassword: true });
      await this.audit.log(ctx, {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        summary: `Đặt lại mật khẩu cho ${user.username} (mật khẩu tạm thời, phải đổi khi đăng nhập)`,
      });
      return user;
    });
    await this.sessions.destroyForUser(id);
    return { username: user.username, fullName: user.fullName, password };
  }

  /** The account of a username, if any (authors linked to their accounts). */
  byUsername(username: string): Promise<User | null> {
    return this.repo.byUsername(username);
  }

  /** An active account, if any (a seat on a council). */
  findActive(id: number): Promise<User | null> {
    return this.repo.findActive(id);
  }

  /** Every account of these units, active or not (who a reminder can reach, and why not). */
  inUnits(unitIds: number[]): Promise<User[]> {
    return this.repo.inUnits(unitIds);
  }

  /** The active accounts among these ids (whom a notice is e-mailed to). */
  /** Whether one's notices come by e-mail one by one or once a day in one message (their own choice). */
  async setEmailDigest(ctx: RequestContext, on: boolean): Promise<void> {
    await this.uow.run(async () => {
      this.uow.changes('users');
      await this.repo.setEmailDigest(ctx.user.id, on);
      await this.audit.log(ctx, {
        action: 'user.email-digest',
        entityType: 'user',
        entityId: ctx.user.id,
        summary: on ? 'Chọn nhận thông báo qua thư tổng hợp mỗi ngày' : 'Chọn nhận mỗi thông báo một thư',
      });
    });
  }

  dailyDigestRecipients(): Promise<User[]> {
    return this.repo.dailyDigestRecipients();
  }

  /** Claims a person's daily message for the day that began at `dayStart` (see UsersRepository.claimDigest). */
  claimDigest(userId: number, dayStart: Date, now: Date): Promise<boolean> {
    return this.uow.run(async () => {
      this.uow.changes();
      return this.repo.claimDigest(userId, dayStart, now);
    });
  }

  activeByIds(ids: number[]): Promise<User[]> {
    return this.repo.activeByIds(ids);
  }

  /** The active accounts of these units (the focal points to remind). */
  activeInUnits(unitIds: number[]): Promise<User[]> {
    return this.repo.activeInUnits(unitIds);
  }

  /** A new password of one's own; every other session of the user ends (the current one stays). */
  async changeOwnPassword(ctx: RequestContext, current: string, next: string, confirm: string, keepSessionId?: string): Promise<void> {
    const userId = ctx.user.id;
    const errors: FieldErrors = {};
    const row = await this.repo.withPasswordHash({ id: userId });
    if (!row || !(await verifyPassword(current, row.passwordHash))) errors.currentPassword = 'Mật khẩu hiện tại không đúng.';
    if (next !== confirm) errors.confirmPassword = 'Mật khẩu nhập lại không khớp.';
    else if (next === current) errors.newPassword = 'Mật khẩu mới phải khác mật khẩu hiện tại.';
    if (Object.keys(errors).length) throw new FormInvalidException(errors);
    const passwordHash = await hashPassword(next);
    await this.uow.run(async () => {
      this.uow.changes('users');
      await this.repo.update(userId, { passwordHash, mustChangePassword: false });
      await this.audit.log(ctx, { action: 'user.password_change', entityType: 'user', entityId: userId, summary: 'Tự đổi mật khẩu' });
    });
    await this.sessions.destroyForUser(userId, keepSessionId);
  }

  /** Creates users from CSV, all or nothing. Each gets a temporary password shown once. */
  async importCsv(ctx: RequestContext, content: Buffer): Promise<UserImportResult> {
    let rows;
    try {
      rows = parseCsv(content, USER_CSV_COLUMNS);
    } catch (e) {
      if (e instanceof CsvFormatError) return { ok: false, created: 0, passwords: [], errors: [{ line: 1, column: '', message: e.message }] };
      throw e;
    }
    if (rows.length === 0) return { ok: false, created: 0, passwords: [], errors: [{ line: 1, column: '', message: 'Tệp không có dòng dữ liệu nào.' }] };
    const issued = rows.map(() => generatePassword());
    const hashes = await Promise.all(issued.map((p) => hashPassword(p)));

    return this.uow.run(async () => {
      this.uow.changes('users');
      const errors: CsvRowError[] = [];
      const taken = await this.repo.usernames();
      const units = new Map((await this.units.all()).map((u) => [u.code.toLowerCase(), u]));
      const scope = await this.adminScope(ctx);
      const allowed = this.grantable(ctx);
      const seen = new Map<string, number>();
      const parsed = rows.map((r) => {
        const v = r.values;
        const err = (column: string, message: string) => errors.push({ line: r.line, column, message });
        const username = v.username.toLowerCase();
        if (!username) err('username', 'Thiếu tên đăng nhập.');
        else if (!USERNAME.test(username)) err('username', 'Tên đăng nhập gồm 3–64 ký tự: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.');
        else if (taken.has(username)) err('username', `Tên đăng nhập ${username} đã có người dùng.`);
        else if (seen.has(username)) err('username', `Tên đăng nhập ${username} bị lặp (đã có ở dòng ${seen.get(username)}).`);
        seen.set(username, r.line);
        if (!v.full_name) err('full_name', 'Thiếu họ và tên.');
        else if (v.full_name.length > 255) err('full_name', 'Họ và tên dài quá 255 ký tự.');
        if (v.position.length > 255) err('position', 'Chức vụ dài quá 255 ký tự.');
        const unit = units.get(v.unit_code.toLowerCase());
        if (!v.unit_code) err('unit_code', 'Thiếu mã đơn vị.');
        else if (!unit) err('unit_code', `Không có đơn vị mã ${v.unit_code}.`);
        else if (endedUnitRefusal(unit)) err('unit_code', endedUnitRefusal(unit) as string);
        else if (!administersUnit(ctx.user, unit.id, scope)) err('unit_code', `Đơn vị mã ${v.unit_code} không thuộc đơn vị bạn quản trị: bạn chỉ nhập được người dùng của đơn vị mình và các đơn vị trực thuộc.`);
        const { roles, unknown } = parseRolesCell(v.roles);
        const rolesError = rolesCellError(unknown);
        if (rolesError) err('roles', rolesError);
        const refused = roles.filter((role) => !allowed.includes(role));
        if (!rolesError && refused.length) err('roles', `Bạn không được giao vai trò ${refused.map((role) => ROLE_LABELS[role]).join(', ')}.`);
        return { username, fullName: v.full_name, position: v.position, unitId: unit?.id ?? 0, roles };
      });
      if (errors.length) return { ok: false, created: 0, passwords: [], errors };

      const passwords: IssuedPassword[] = [];
      for (const [i, p] of parsed.entries()) {
        await this.repo.save(
          new User({
            ...p,
            active: true,
            passwordHash: hashes[i],
            mustChangePassword: true,
            searchText: this.searchText(p.username, p.fullName, p.position),
          }),
        );
        passwords.push({ username: p.username, fullName: p.fullName, password: issued[i] });
      }
      await this.audit.log(ctx, {
        action: 'user.import',
        entityType: 'user',
        summary: `Nhập ${parsed.length} người dùng từ tệp CSV: ${parsed.slice(0, 10).map((p) => p.username).join(', ')}${parsed.length > 10 ? ', …' : ''}`,
      });
      return { ok: true, created: parsed.length, errors: [], passwords };
    });
  }

  /**
   * First start on an empty database: the `admin` account (district administrator),
   * in a first unit to rename later. Returns the password when it was generated.
   */
  async ensureFirstAdmin(adminPassword: string | undefined): Promise<string | null> {
    if ((await this.repo.countAll()) > 0) return null;
    const password = adminPassword ?? generatePassword(16);
    const passwordHash = await hashPassword(password);
    try {
      await this.uow.run(async () => {
        this.uow.changes('users', 'units');
        if ((await this.repo.countAll()) > 0) return;
        const unit = await this.units.systemRoot();
        const admin = await this.repo.save(
          new User({
            username: 'admin',
            fullName: 'Quản trị hệ thống',
            position: '',
            unitId: unit.id,
            roles: [Role.DistrictAdmin],
            active: true,
            passwordHash,
            mustChangePassword: false,
            searchText: 'admin quan tri he thong',
          }),
        );
        await this.audit.log(RequestContext.system(), { action: 'user.create', entityType: 'user', entityId: admin.id, summary: 'Tạo tài khoản quản trị đầu tiên (admin)' });
      });
    } catch (e) {
      // Another instance starting at the same moment made the first admin: nothing to do.
      if (isConcurrentChange(e)) return null;
      throw e;
    }
    return adminPassword ? null : password;
  }

  private searchText(username: string, fullName: string, position: string): string {
    return fold(`${username} ${fullName} ${position}`).slice(0, 600);
  }

  /**
   * How many district admins are active, their rows locked until the change ends: two admins
   * demoting or locking each other at once cannot leave none.
   */
  private async lockActiveAdmins(): Promise<number> {
    const ids = await this.repo.activeAdminIds();
    await this.repo.lockForUpdate(ids);
    return (await this.repo.activeAdminIds()).length;
  }
}

/** Why no one can be placed in this unit any more: it has ended. */
function endedUnitRefusal(unit: { name: string; validTo: string | null }): string | null {
  return unit.validTo && unit.validTo < todayIso() ? `${unit.name} đã chấm dứt hoạt động từ ${formatDate(dayAfter(unit.validTo))}: hãy chọn đơn vị hiện nay.` : null;
}
