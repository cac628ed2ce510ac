import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { Brackets, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PAGE_SIZE } from '../common/pagination';
import { likePattern } from '../common/text';
import { AuditEvent, FieldChange } from './audit-event.entity';
import { RequestContext } from '../common/request-context';
import { plainAddress } from './audit.types';

export interface AuditEntry {
  /** A code with a Vietnamese label in AUDIT_ACTION_LABELS: the compiler refuses any other. */
  action: AuditAction;
  entityType: string;
  entityId?: number | string | null;
  summary: string;
  changes?: FieldChange[];
}

export interface AuditFilter {
  q?: string;
  action?: string;
  entityType?: string;
  actorId?: number;
  from?: string;
  to?: string;
  page: number;
}

/**
 * Labels for the actions written by the features, shown on the audit page. The action of an
 * entry is typed from these keys, so an action without a label does not compile; the spec
 * beside this file also reads every `action: '…'` of the source against them.
 */
const ACTION_LABELS = {
  'unit.create': 'Tạo đơn vị',
  'unit.update': 'Sửa đơn vị',
  'unit.rename': 'Đổi tên đơn vị',
  'unit.merge': 'Sáp nhập đơn vị',
  'unit.split': 'Chia tách đơn vị',
  'unit.end': 'Chấm dứt hoạt động đơn vị',
  'unit.delete': 'Xóa đơn vị',
  'unit.import': 'Nhập đơn vị từ CSV',
  'user.create': 'Tạo người dùng',
  'user.update': 'Sửa người dùng',
  'user.roles': 'Đổi vai trò',
  'user.deactivate': 'Khóa tài khoản',
  'user.activate': 'Mở khóa tài khoản',
  'user.password_reset': 'Đặt lại mật khẩu',
  'user.password_change': 'Đổi mật khẩu',
  'user.email-digest': 'Đổi cách nhận thư thông báo',
  'user.import': 'Nhập người dùng từ CSV',
  'demo.seed': 'Nạp dữ liệu mẫu',
  'field.create': 'Thêm lĩnh vực',
  'field.update': 'Sửa lĩnh vực',
  'legal-basis.create': 'Thêm căn cứ pháp lý',
  'legal-basis.update': 'Sửa căn cứ pháp lý',
  'initiative.create': 'Tạo sáng kiến',
  'initiative.update': 'Sửa sáng kiến',
  'initiative.attach': 'Thêm tệp đính kèm',
  'initiative.attachment_visibility': 'Đổi chế độ công khai của tệp',
  'initiative.submit': 'Nộp sáng kiến',
  'initiative.withdraw': 'Rút sáng kiến',
  'initiative.delete-draft': 'Xóa bản nháp',
  'round.create': 'Tạo đợt xét',
  'round.update': 'Sửa đợt xét',
  'round.status': 'Chuyển trạng thái đợt xét',
  'round.criteria': 'Sửa tiêu chí chấm',
  'round.council': 'Thay đổi hội đồng',
  'round.assignments': 'Phân công chấm',
  'review.submit': 'Nộp phiếu chấm',
  'review.conflict': 'Khai xung đột lợi ích',
  'review.reopen': 'Mở lại phiếu chấm',
  'initiative.decision': 'Quyết định công nhận',
  'initiative.return': 'Trả lại để bổ sung',
  'round.remind-members': 'Nhắc thành viên chưa nộp phiếu chấm',
  'initiative.duplicate': 'Xác định trùng sáng kiến đã có',
  'initiative.duplicate.undo': 'Bỏ xác định trùng',
  'api.token.create': 'Tạo mã truy cập API',
  'api.token.revoke': 'Thu hồi mã truy cập API',
  'effect.add': 'Đưa sáng kiến vào đợt xét hiệu quả áp dụng',
  'effect.remove': 'Bỏ sáng kiến khỏi đợt xét hiệu quả áp dụng',
  'effect.sheet': 'Nộp phiếu chấm hiệu quả áp dụng',
  'effect.votes': 'Ghi biểu quyết về hiệu quả áp dụng',
  'effect.ballot': 'Biểu quyết về hiệu quả áp dụng',
  'effect.conflict': 'Tự khai xung đột lợi ích (xét hiệu quả áp dụng)',
  'effect.decision': 'Quyết định công nhận hiệu quả áp dụng, phạm vi ảnh hưởng',
  'programme.create': 'Lập kế hoạch nhân rộng',
  'adoption.report': 'Báo cáo kết quả áp dụng',
  'programme.update': 'Điều chỉnh kế hoạch nhân rộng',
  'programme.remind': 'Nhắc báo cáo',
  'auth.login': 'Đăng nhập',
  'auth.logout': 'Đăng xuất',
  'auth.login_failed': 'Đăng nhập sai',
  'initiative.paper_record': 'Nhập sáng kiến từ hồ sơ giấy',
  'initiative.submit_override': 'Cho nộp ngoài thời gian nhận hồ sơ',
  'initiative.round': 'Đưa sáng kiến vào đợt xét',
  'attachment.read': 'Tải tệp đính kèm nội bộ',
  'vote.cast': 'Biểu quyết',
  'vote.record': 'Ghi biểu quyết theo biên bản họp',
  'open-data.build': 'Tạo lại dữ liệu mở',
  'reminders.settings': 'Đổi lịch nhắc việc tự động',
  'reminders.weekly': 'Nhắc việc tự động hằng tuần',
  'review.note': 'Ghi ý kiến trao đổi trong hội đồng',
  'export.list': 'Xuất danh sách (Excel, CSV)',
  'export.template': 'Tải mẫu báo cáo áp dụng',
  'user.passwords_file': 'Tải tệp mật khẩu tạm thời',
  'document.minutes': 'Tải biên bản họp hội đồng (.docx)',
  'document.recognition': 'Tải quyết định công nhận sáng kiến (.docx)',
  'document.certificate': 'Tải giấy chứng nhận sáng kiến (.docx)',
  'document.effect_certificate': 'Tải giấy xác nhận hiệu quả áp dụng (.docx)',
  'document.effect_decision': 'Tải quyết định công nhận hiệu quả áp dụng (.docx)',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof ACTION_LABELS;

/** Looked up by the code stored in an event (a string from the database). */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = ACTION_LABELS;

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  unit: 'Đơn vị',
  user: 'Người dùng',
  'open-data': 'Dữ liệu mở',
  session: 'Phiên đăng nhập',
  field: 'Lĩnh vực',
  initiative: 'Sáng kiến',
  round: 'Đợt xét',
  programme: 'Kế hoạch nhân rộng',
  adoption: 'Kết quả áp dụng',
  'effect-item': 'Sáng kiến xét hiệu quả áp dụng',
  reminder: 'Nhắc việc tự động',
};

@Injectable()
export class AuditService {
  constructor(private readonly uow: UnitOfWork) {}

  private get events() {
    return this.uow.repository(AuditEvent);
  }

  /** Records an event inside the current unit of work, so it commits or rolls back with it. */
  log(ctx: RequestContext, entry: AuditEntry): Promise<void> {
    return this.record(this.uow.manager, ctx, entry);
  }

  /** Records an event inside the current unit of work; returns its id (see amendSummary). */
  async logged(ctx: RequestContext, entry: AuditEntry): Promise<number> {
    return (await this.save(this.uow.manager, ctx, entry)).id;
  }

  /**
   * Completes the summary of an event just recorded, with what became known only later (a
   * streamed export's row counts): the only change an event ever takes.
   */
  async amendSummary(id: number, summary: string): Promise<void> {
    await this.events.update({ id }, { summary: summary.slice(0, 500) });
  }

  /**
   * Records an event inside the given transaction (the demo seeder's own): one INSERT, the
   * row not read back (what `save` would do for its id and time), as every audited write
   * does it inside its transaction.
   */
  async record(manager: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    // The entity as the row's values (the builder's type does not take a JSON column's list;
    // TypeORM writes it through the column's simple-json as save does).
    const values = this.event(ctx, entry) as QueryDeepPartialEntity<AuditEvent>;
    await manager.createQueryBuilder().insert().into(AuditEvent).values(values).updateEntity(false).execute();
  }

  private save(manager: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<AuditEvent> {
    return manager.save(this.event(ctx, entry));
  }

  private event(ctx: RequestContext, entry: AuditEntry): AuditEvent {
    const { actor } = ctx;
    return new AuditEvent({
      actorId: actor.id,
      actorName: actor.name.slice(0, 255),
      ip: plainAddress(actor.ip).slice(0, 64),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      summary: entry.summary.slice(0, 500),
      changes: entry.changes && entry.changes.length > 0 ? entry.changes : null,
    });
  }

  async list(filter: AuditFilter): Promise<{ events: AuditEvent[]; total: number }> {
    const qb = this.events.createQueryBuilder('e');
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.entityType) qb.andWhere('e.entityType = :entityType', { entityType: filter.entityType });
    if (filter.actorId) qb.andWhere('e.actorId = :actorId', { actorId: filter.actorId });
    if (filter.from) qb.andWhere('e.at >= :from', { from: new Date(`${filter.from}T00:00:00+07:00`) });
    if (filter.to) qb.andWhere('e.at < :to', { to: new Date(new Date(`${filter.to}T00:00:00+07:00`).getTime() + 86_400_000) });
    if (filter.q) {
      const pattern = likePattern(filter.q.toLowerCase());
      qb.andWhere(
        new Brackets((w) => {
          w.where("LOWER(e.summary) LIKE :p ESCAPE '\\'", { p: pattern })
            .orWhere("LOWER(e.actorName) LIKE :p ESCAPE '\\'", { p: pattern })
            .orWhere('e.entityId = :exact', { exact: filter.q });
        }),
      );
    }
    const [events, total] = await qb
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .skip((filter.page - 1) * PAGE_SIZE)
      .take(PAGE_SIZE)
      .getManyAndCount();
    return { events, total };
  }

  async recent(limit: number): Promise<AuditEvent[]> {
    return this.events.find({ order: { at: 'DESC', id: 'DESC' }, take: limit });
  }

  async forRecord(entityType: string, entityId: number | string, limit = 50): Promise<AuditEvent[]> {
    return this.events.find({ where: { entityType, entityId: String(entityId) }, order: { at: 'DESC', id: 'DESC' }, take: limit });
  }
}
