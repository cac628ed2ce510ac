import { Injectable } from '@nestjs/common';
import { todayIso } from '../common/dates';
import { pageNumber, paginate } from '../common/pagination';
import { UnitsService } from '../units/units.service';
import { unitOptions } from '../units/units.view';
import { isRole, Role, ROLE_LABELS, ROLES } from './roles';
import { HOLD_MINUTES, PasswordsState } from './import-passwords';
import { UsersService } from './users.service';
import { USER_CSV_COLUMNS } from './user-csv';

export const roleOptions = () => ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** Builds the view models of the user pages. */
@Injectable()
export class UsersView {
  constructor(
    private readonly users: UsersService,
    private readonly units: UnitsService,
  ) {}

  async index(query: Record<string, string | undefined>) {
    const filter = {
      q: query.q?.trim() || undefined,
      unitId: query.unit && /^\d+$/.test(query.unit) ? Number(query.unit) : undefined,
      role: query.role && isRole(query.role) ? (query.role as Role) : undefined,
      status: query.status === 'active' || query.status === 'inactive' ? (query.status as 'active' | 'inactive') : undefined,
      page: pageNumber(query.page),
    };
    const [{ users, total }, all] = await Promise.all([this.users.list(filter), this.units.all()]);
    return {
      title: 'Người dùng',
      filter: { ...filter, unit: filter.unitId ?? '' },
      unitOptions: unitOptions(all, todayIso()),
      roleOptions: roleOptions(),
      users: users.map((u) => ({ ...u, roleLabels: this.users.roleLabels(u.roles) })),
      total,
      pagination: paginate(filter.page, total, query),
    };
  }

  async createForm(values: Record<string, unknown>) {
    return {
      title: 'Thêm người dùng',
      isNew: true,
      action: '/users/new',
      form: { values, errors: {} },
      unitOptions: unitOptions(await this.units.all(), todayIso()),
      roleOptions: roleOptions(),
    };
  }

  async editForm(id: number, withValues = true) {
    const user = await this.users.findOne(id);
    return {
      title: `Người dùng: ${user.fullName}`,
      isNew: false,
      user,
      action: `/users/${id}/edit`,
      form: { values: withValues ? { ...user } : { username: user.username }, errors: {} },
      unitOptions: unitOptions(await this.units.all(), todayIso(), [user.unitId]),
      roleOptions: roleOptions(),
    };
  }

  importPage(extra: { fileError?: string; fileName?: string; errors?: unknown[]; errorCount?: number } = {}) {
    return {
      title: 'Nhập người dùng từ CSV',
      columns: USER_CSV_COLUMNS,
      roleOptions: roleOptions(),
      holdMinutes: HOLD_MINUTES,
      ...extra,
    };
  }

  /** The result page of an import: its passwords the first time, else what became of them. */
  importResult(state: PasswordsState, downloadRefused = false) {
    return { title: 'Kết quả nhập người dùng', state, is: { [state.kind]: true }, downloadRefused, holdMinutes: HOLD_MINUTES };
  }
}
