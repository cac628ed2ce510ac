import { Controller, Get, Query, Render } from '@nestjs/common';
import { parseDateInput } from '../common/dates';
import { Roles } from '../common/decorators';
import { pageNumber, paginate } from '../common/pagination';
import { Role } from '../users/roles';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, AuditService } from './audit.service';
import { plainAddress } from './audit.types';

type AuditQuery = Record<string, string | undefined>;

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles(Role.DistrictAdmin)
  @Render('audit/index')
  async index(@Query() query: AuditQuery) {
    const filter = {
      q: query.q?.trim() || undefined,
      action: query.action && query.action in AUDIT_ACTION_LABELS ? query.action : undefined,
      entityType: query.entityType && query.entityType in AUDIT_ENTITY_LABELS ? query.entityType : undefined,
      actorId: query.actor && /^\d+$/.test(query.actor) ? Number(query.actor) : undefined,
      from: query.from ? (parseDateInput(query.from) ?? undefined) : undefined,
      to: query.to ? (parseDateInput(query.to) ?? undefined) : undefined,
      page: pageNumber(query.page),
    };
    const { events, total } = await this.audit.list(filter);
    return {
      title: 'Nhật ký thao tác',
      filter: { ...filter, actor: filter.actorId ?? '' },
      actions: Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label })),
      entityTypes: Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label })),
      events: events.map((e) => ({
        ...e,
        // Rows written before addresses were stored plain still read as IPv4.
        ip: plainAddress(e.ip),
        actionLabel: AUDIT_ACTION_LABELS[e.action] ?? e.action,
        entityLabel: AUDIT_ENTITY_LABELS[e.entityType] ?? e.entityType,
        changes: (e.changes ?? []).map((c) => ({ field: c.field, before: show(c.before), after: show(c.after) })),
      })),
      pagination: paginate(filter.page, total, query),
    };
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
