import { Injectable } from '@nestjs/common';
import { isSystemAdmin } from '../common/access';
import { RequestContext } from '../common/request-context';
import { Unit } from '../units/unit.entity';
import { todayIso } from '../common/dates';
import { pageNumber, paginate } from '../common/pagination';
import { UnitsService } from '../units/units.service';
import { unitOptions } from '../units/units.view';
import { isRole, Role, ROLE_LABELS, ROLES } from './roles';
import { HOLD_MINUTES, PasswordsState } from './import-passwords';
import { UsersService } from './users.service';
import { USER_CSV_COLUMNS } from './user-csv';

export const roleOptions = (roles: readonly Role[] = ROLES) => roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** Builds the view models of the user pages. */
@Injectable()
export class UsersView {
  constructor(
    private readonly users: UsersService,
    private readonly units: UnitsService,
  ) {}

  /** The units this administrator may choose: every unit for the system's, its scope for a unit's. */
  private async choosableUnits(ctx: RequestContext): Promise<Unit[]> {
    const all = await this.units.all();
    if (isSystemAdmin(ctx.user)) return all;
    const scope = await this.users.adminScope(ctx);
    return all.filter((u) => scope.has(u.id));
  }

  /** Role choices of a form: those this administrator may give, and those the account already holds. */
  private roleChoices(ctx: RequestContext, held: readonly Role[] = []) {
    const grantable = this.users.grantable(ctx);
    return roleOptions(ROLES.filter((r) => grantable.includes(r) || held.includes(r)));
  }

  async index(ctx: RequestContext, query: Record<string, string | undefined>) {
    const filter = {
      q: query.q?.trim() || undefined,
      unitId: query.unit && /^\d+$/.test(query.unit) ? Number(query.unit) : undefined,
      role: query.role && isRole(query.role) ? (query.role as Role) : undefined,
      status: query.status === 'active' || query.status === 'inactive' ? (query.status as 'active' | 'inactive') : undefined,
      page: pageNumber(query.page),
    };
    const [{ users, total }, all] = await Promise.all([this.users.list(ctx, filter), this.choosableUnits(ctx)]);
    return {
      title: 'Người dùng',
      filter: { ...filter, unit: filter.unitId ?? '' },
      unitOptions: unitOptions(all, todayIso()),
      roleOptions: this.roleChoices(ctx),
      users: users.map((u) => ({ ...u, roleLabels: this.users.roleLabels(u.roles) })),
      total,
      pagination: paginate(filter.page, total, query),
    };
  }

  async createForm(ctx: RequestContext, values: Record<string, unknown>) {
    return {
      title: 'Thêm người dùng',
      isNew: true,
      action: '/users/new',
      form: { values, errors: {} },
      unitOptions: unitOptions(await this.choosableUnits(ctx), todayIso()),
      roleOptions: this.roleChoices(ctx),
    };
  }

  async editForm(ctx: RequestContext, id: number, withValues = true) {
    const user = await this.users.findOne(id);
    return {
      title: `Người dùng: ${user.fullName}`,
      isNew: false,
      user,
      action: `/users/${id}/edit`,
      form: { values: withValues ? { ...user } : { username: user.username }, errors: {} },
      unitOptions: unitOptions(await this.choosableUnits(ctx), todayIso(), [user.unitId]),
      roleOptions: this.roleChoices(ctx, user.roles),
    };
  }

  importPage(ctx: RequestContext, extra: { fileError?: string; fileName?: string; errors?: unknown[]; errorCount?: number } = {}) {
    return {
      title: 'Nhập người dùng từ CSV',
      columns: USER_CSV_COLUMNS,
      roleOptions: this.roleChoices(ctx),
      scoped: !isSystemAdmin(ctx.user),
      unitName: ctx.user.unitName,
      holdMinutes: HOLD_MINUTES,
      ...extra,
    };
  }

  /** The result page of an import: its passwords the first time, else what became of them. */
  importResult(state: PasswordsState, downloadRefused = false) {
    return { title: 'Kết quả nhập người dùng', state, is: { [state.kind]: true }, downloadRefused, holdMinutes: HOLD_MINUTES };
  }
}
