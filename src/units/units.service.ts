import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { administersUnit, isDistrictAdmin, isSystemAdmin, isUnitAdmin, isUnitInScope } from '../common/access';
import { AuditService } from '../audit/audit.service';
import { diffFields } from '../audit/audit.types';
import { CsvFormatError, CsvRowError, parseCsv } from '../common/csv';
import { Extensions, UNIT_MEMBERS, UnitMembersContribution } from '../common/extensions';
import { dayAfter, dayBefore, formatDate, parseDateInput, todayIso } from '../common/dates';
import { FieldErrors, FormInvalidException } from '../common/exceptions';
import { fold } from '../common/text';
import { ReadCache } from '../database/read-cache';
import { UnitOfWork } from '../database/unit-of-work';
import { UnitFormDto, UnitEditDto } from './dto/unit-form.dto';
import { EndUnitDto, MergeUnitsDto, RenameUnitDto, SplitUnitDto } from './dto/unit-history.dto';
import { acceptedUnitKinds, isPastKind, isUnitKind, LAST_DAY_OF_DISTRICTS, parseUnitKind, pastKindRefusal, UNIT_KIND_LABELS, UnitKind } from './unit-kinds';
import { UnitEnding } from './unit-ending.entity';
import { UnitRename } from './unit-rename.entity';
import { UnitSuccession } from './unit-succession.entity';
import { Unit } from './unit.entity';
import { UnitList } from './unit-list';
import { UnitsRepository } from './units.repository';
import { UNIT_CSV_COLUMNS } from './unit-csv';
import { SYSTEM_UNIT } from './system-unit';
import { RequestContext } from '../common/request-context';


export interface UnitTreeNode {
  unit: Unit;
  active: boolean;
  matched: boolean;
  children: UnitTreeNode[];
}

export interface UnitHistoryItem {
  date: string;
  text: string;
  instrument: string;
  links: { id: number; code: string; name: string }[];
}

export interface ImportResult {
  ok: boolean;
  created: number;
  /** Of those, units of a kind of before 01/07/2025, imported as history (ended on 30/06/2025). */
  history?: number;
  errors: CsvRowError[];
}

/** The read-cache key of the list of every unit. */
const UNITS_KEY = 'units.all';
const RECORDS_GRAPH_KEY = 'units.records-graph';
const SUCCESSIONS_KEY = 'units.successions';

/** A merger or split: the predecessor's records went to the successor. */
export interface Succession {
  predecessorId: number;
  successorId: number;
  kind: 'merge' | 'split';
}

const AUDITED_FIELDS: (keyof Unit)[] = ['code', 'name', 'kind', 'parentId', 'validFrom', 'validTo'];


/** The instrument of an ending, as the history shows it: "1680/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội". */
export function endingInstrument(e: Pick<UnitEnding, 'instrumentNumber' | 'instrumentDate' | 'instrumentIssuer'>): string {
  return `${e.instrumentNumber} ngày ${formatDate(e.instrumentDate)} của ${e.instrumentIssuer}`;
}

export function isActiveUnit(unit: Pick<Unit, 'validTo'>, today: string): boolean {
  return !unit.validTo || unit.validTo >= today;
}

@Injectable()
export class UnitsService {
  constructor(
    private readonly repo: UnitsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly cache: ReadCache,
    private readonly extensions: Extensions,
  ) {}

  /** The unit with its parent; 404 if there is none. */
  findOne(id: number): Promise<Unit> {
    return this.repo.findOrFail(id, true);
  }

  /** The unit, or null. */
  find(id: number): Promise<Unit | null> {
    return this.repo.find(id);
  }

  exists(id: number): Promise<boolean> {
    return this.repo.exists(id);
  }

  /**
   * The first top unit, made on first start of an empty database (to rename later, or to
   * import the real tree under).
   */
  async systemRoot(): Promise<Unit> {
    const root = await this.repo.firstRoot();
    if (root) return root;
    return this.uow.run(() => {
      this.uow.changes('units');
      return this.repo.save(Unit.create({ ...SYSTEM_UNIT, kind: UnitKind.Province }));
    });
  }

  /** Whether every one of these units exists. */
  async allExist(ids: number[]): Promise<boolean> {
    return (await this.repo.byIds(ids)).length === new Set(ids).size;
  }

  /**
   * Every succession edge (mergers and splits), oldest first: where ended units went. Kept as
   * the units are (reference data); shared: callers must not change it.
   */
  successions(): Promise<readonly Succession[]> {
    return this.cache.reference(SUCCESSIONS_KEY, async () => (await this.repo.successions()).map((e) => ({ predecessorId: e.predecessorId, successorId: e.successorId, kind: e.kind })), ['units']);
  }

  /**
   * What `build` makes of every unit and every succession edge, kept with them until a change
   * to units (reference data: the "nay thuộc …" labels every initiative page shows, say). `key`
   * names everything `build` reads besides them (today's date, when it matters). Shared:
   * callers must not change it.
   */
  derived<T>(key: string, build: (units: UnitList, successions: readonly Succession[]) => T): Promise<T> {
    return this.cache.reference(`units.derived:${key}`, async () => {
      const [units, edges] = await Promise.all([this.all(), this.successions()]);
      return build(units, edges);
    }, ['units']);
  }

  /**
   * Where ended units' records went, kept as the units are (asked on every page of a
   * council secretary): merger and split edges, and task transfers of endings.
   */
  private recordsGraph(): Promise<{ edges: readonly Succession[]; transfers: { endedId: number; takerId: number }[] }> {
    return this.cache.reference(RECORDS_GRAPH_KEY, async () => {
      const [edges, transfers] = await Promise.all([this.successions(), this.repo.allTaskTransfers()]);
      return { edges, transfers };
    }, ['units']);
  }

  /**
   * The units whose records this one keeps, at any depth: those merged into it and those
   * that ended with their tasks given to it (the province keeps an abolished district's,
   * the district's those of its own merged communes).
   */
  async archiveOf(unitId: number): Promise<number[]> {
    const { edges, transfers } = await this.recordsGraph();
    const kept = new Map<number, number[]>();
    for (const e of edges) if (e.kind === 'merge') push(kept, e.successorId, e.predecessorId);
    for (const t of transfers) push(kept, t.takerId, t.endedId);
    return walkFrom(unitId, kept, () => true);
  }

  /**
   * The units in force that keep this unit's records, if it ended: those it was merged or
   * split into, or that took over its tasks, followed until a unit in force (none for a unit
   * in force itself).
   */
  async keepersOf(unitId: number): Promise<number[]> {
    const [{ edges, transfers }, all] = await Promise.all([this.recordsGraph(), this.all()]);
    const next = new Map<number, number[]>();
    for (const e of edges) push(next, e.predecessorId, e.successorId);
    for (const t of transfers) push(next, t.endedId, t.takerId);
    const today = todayIso();
    const inForce = new Set(all.filter((u) => isActiveUnit(u, today)).map((u) => u.id));
    return walkFrom(unitId, next, (id) => !inForce.has(id)).filter((id) => inForce.has(id));
  }

  /**
   * Every unit, by name; for select lists and trees. Reference data of the read cache (read
   * on most pages): kept until a change to units, made here or on another instance
   * (ChangeFeed), at most 10 minutes; requests that arrive during a reload wait for that one
   * reload. The list is shared: callers must not change it; what pages build from all of it
   * (filter options) is kept on it (UnitList).
   */
  all(): Promise<UnitList> {
    return this.cache.reference(UNITS_KEY, async () => UnitList.read(await this.repo.all()), ['units']);
  }

  /** Every unit by id, kept with them (a page that names a few units among thousands). */
  byId(): Promise<ReadonlyMap<number, Unit>> {
    return this.derived('by-id', (units) => new Map(units.map((u) => [u.id, u])));
  }

  /** Units still in force, by name. */
  async active(today: string): Promise<Unit[]> {
    return (await this.all()).filter((u) => isActiveUnit(u, today));
  }

  count(): Promise<number> {
    return this.repo.countActive();
  }

  /**
   * The unit tree. With a search term, keeps the matching units and the path down to
   * them; ended units are left out unless asked for.
   */
  async tree(options: { q?: string; includeEnded?: boolean; today: string }): Promise<{ roots: UnitTreeNode[]; matches: number }> {
    const units = await this.all();
    const nodes = new Map<number, UnitTreeNode>();
    for (const u of units) nodes.set(u.id, { unit: u, active: isActiveUnit(u, options.today), matched: false, children: [] });
    const term = fold(options.q);
    let matches = 0;
    const keep = new Set<number>();
    for (const node of nodes.values()) {
      if (!options.includeEnded && !node.active) continue;
      if (term && !node.unit.searchText.includes(term)) continue;
      node.matched = Boolean(term);
      matches++;
      // Keep the path from the root so the match is shown in place.
      for (let n: UnitTreeNode | undefined = node; n && !keep.has(n.unit.id); n = n.unit.parentId ? nodes.get(n.unit.parentId) : undefined) {
        keep.add(n.unit.id);
      }
    }
    const roots: UnitTreeNode[] = [];
    for (const u of units) {
      if (!keep.has(u.id)) continue;
      const node = nodes.get(u.id) as UnitTreeNode;
      const parent = u.parentId ? nodes.get(u.parentId) : undefined;
      if (parent && keep.has(parent.unit.id)) parent.children.push(node);
      else roots.push(node);
    }
    return { roots, matches };
  }

  children(id: number): Promise<Unit[]> {
    return this.repo.children(id);
  }

  /** What happened to this unit: renames, and the units it came from or went into. */
  async history(id: number): Promise<UnitHistoryItem[]> {
    const [renames, [asSuccessor, asPredecessor]] = await Promise.all([this.repo.renamesOf(id), this.repo.successionsOf(id)]);
    const items: UnitHistoryItem[] = renames.map((r) => ({
      date: r.effectiveDate,
      text: `Đổi tên từ "${r.oldName}" thành "${r.newName}"`,
      instrument: r.instrument,
      links: [],
    }));
    const group = (rows: UnitSuccession[], key: (s: UnitSuccession) => Unit | undefined, text: (s: UnitSuccession) => string) => {
      const byEvent = new Map<string, UnitSuccession[]>();
      for (const s of rows) {
        const k = `${s.kind}|${s.instrument}|${s.effectiveDate}`;
        byEvent.set(k, [...(byEvent.get(k) ?? []), s]);
      }
      for (const list of byEvent.values()) {
        items.push({
          date: list[0].effectiveDate,
          text: text(list[0]),
          instrument: list[0].instrument,
          links: list.map(key).filter((u): u is Unit => Boolean(u)).map((u) => ({ id: u.id, code: u.code, name: u.name })),
        });
      }
    };
    group(asSuccessor, (s) => s.predecessor, (s) => (s.kind === 'merge' ? 'Tiếp nhận do sáp nhập các đơn vị' : 'Thành lập do chia tách từ'));
    group(asPredecessor, (s) => s.successor, (s) => (s.kind === 'merge' ? 'Sáp nhập vào' : 'Chia tách thành'));
    const [ending, takenOver] = await Promise.all([this.repo.endingOf(id), this.repo.takenOver(id)]);
    if (ending) {
      const takers = (ending.transfers ?? []).map((t) => t.unit).filter((u): u is Unit => Boolean(u));
      items.push({
        date: ending.effectiveDate,
        text: takers.length ? 'Chấm dứt hoạt động; nhiệm vụ giao cho' : 'Chấm dứt hoạt động',
        instrument: endingInstrument(ending),
        links: takers.map((u) => ({ id: u.id, code: u.code, name: u.name })),
      });
    }
    for (const e of takenOver) {
      items.push({
        date: e.effectiveDate,
        text: 'Tiếp nhận nhiệm vụ của đơn vị đã chấm dứt hoạt động',
        instrument: endingInstrument(e),
        links: e.unit ? [{ id: e.unit.id, code: e.unit.code, name: e.unit.name }] : [],
      });
    }
    return items.sort((a, b) => b.date.localeCompare(a.date));
  }

  /** How the unit ended without a successor, if it did ("Chấm dứt hoạt động"). */
  endingOf(id: number): Promise<UnitEnding | null> {
    return this.repo.endingOf(id);
  }
  /**
   * Whether the unit has ended with nothing recorded of how (entered already ended, e.g. a
   * district of a CSV import): its ending's instrument and the units that took over its
   * tasks may still be recorded, for the day it ended.
   */
  async endingUnrecorded(unit: Pick<Unit, 'id' | 'validTo'>): Promise<boolean> {
    if (!unit.validTo) return false;
    const [ending, [, asPredecessor]] = await Promise.all([this.repo.endingOf(unit.id), this.repo.successionsOf(unit.id)]);
    return !ending && asPredecessor.length === 0;
  }


  /** The first day of each unit ended without a successor (unit id → yyyy-mm-dd). */
  endingDates(): Promise<Map<number, string>> {
    return this.repo.endingDates();
  }

  /**
   * The unit itself, all its sub-units, and the units that were merged or split into
   * any of them: the records a user of this unit may see and act on.
   */
  scopeIds(unitId: number): Promise<ReadonlySet<number>> {
    // Read on most requests (a person's scope): kept as the units are (reference data).
    return this.cache.reference(`units.scope:${unitId}`, () => this.repo.scopeIds(unitId), ['units']);
  }

  /** Refuses (403) a unit outside the user's scope. */
  async assertInScope(ctx: RequestContext, unitId: number): Promise<void> {
    if (isDistrictAdmin(ctx.user)) return;
    if (!isUnitInScope(ctx.user, unitId, await ctx.user.scope())) {
      throw new ForbiddenException('Bạn chỉ được truy cập dữ liệu của đơn vị mình và các đơn vị trực thuộc.');
    }
  }

  // ---- unit administrators ("Quản trị đơn vị") -------------------------------------------

  /**
   * The units this administrator manages: every unit for the system administrator (null);
   * for a unit administrator its own unit, the units below and those merged into them.
   */
  async adminScope(ctx: RequestContext): Promise<ReadonlySet<number> | null> {
    if (isSystemAdmin(ctx.user)) return null;
    return isUnitAdmin(ctx.user) ? ctx.user.scope() : new Set<number>();
  }

  /**
   * Refuses (403, naming nothing of the unit) an administrator who may not change this unit:
   * a unit administrator edits the units below its own (not its own, which the level above
   * keeps), and places units only under a unit of its scope (`parentId` as posted). An unknown
   * unit is not found.
   */
  async assertMayEdit(ctx: RequestContext, id: number | null, posted: { parentId?: unknown } = {}): Promise<void> {
    const scope = await this.adminScope(ctx);
    if (!scope) return;
    if (id !== null) {
      await this.repo.findOrFail(id);
      if (id === ctx.user.unitId || !administersUnit(ctx.user, id, scope)) throw new ForbiddenException('Bạn chỉ quản lý được các đơn vị trực thuộc đơn vị mình.');
    }
    const parent = typeof posted.parentId === 'string' && /^\d{1,9}$/.test(posted.parentId.trim()) ? Number(posted.parentId) : null;
    if (parent !== null && !administersUnit(ctx.user, parent, scope)) throw new ForbiddenException('Bạn chỉ đặt được đơn vị dưới đơn vị mình hoặc một đơn vị trực thuộc.');
  }

  /** The units this administrator may choose (as a parent, in a list): all, or those of its scope. */
  async choosable(ctx: RequestContext): Promise<Unit[]> {
    const [all, scope] = await Promise.all([this.all(), this.adminScope(ctx)]);
    return scope ? all.filter((u) => scope.has(u.id)) : all;
  }

  // ---- writes --------------------------------------------------------------------

  async create(ctx: RequestContext, dto: UnitFormDto): Promise<Unit> {
    return this.write(async () => {
      const errors: FieldErrors = {};
      await this.checkCodeFree(dto.code, errors);
      if (dto.parentId) await this.checkParent(null, dto.parentId, errors);
      await this.checkPlacement(ctx, dto.parentId ?? null, errors);
      const pastKind = pastKindRefusal(dto.kind, null);
      if (pastKind) errors.kind = pastKind;
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      const unit = await this.repo.save(
        Unit.create({
          code: dto.code,
          name: dto.name,
          kind: dto.kind,
          parentId: dto.parentId ?? null,
          validFrom: dto.validFrom ?? null,
        }),
      );
      await this.audit.log(ctx, {
        action: 'unit.create',
        entityType: 'unit',
        entityId: unit.id,
        summary: `Tạo đơn vị ${unit.code} — ${unit.name}`,
        changes: diffFields<Unit>(null, unit, AUDITED_FIELDS),
      });
      return unit;
    });
  }

  async update(ctx: RequestContext, id: number, dto: UnitEditDto): Promise<Unit> {
    return this.write(async () => {
      const unit = await this.repo.findOrFail(id);
      const before = { ...unit };
      const errors: FieldErrors = {};
      if (dto.parentId) await this.checkParent(id, dto.parentId, errors);
      await this.checkPlacement(ctx, dto.parentId ?? null, errors);
      // A kind of before 01/07/2025 is kept by a unit that has it, and given only to one ended by then.
      const pastKind = dto.kind === unit.kind ? null : pastKindRefusal(dto.kind, unit.validTo);
      if (pastKind) errors.kind = pastKind;
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      Object.assign(unit, {
        name: dto.name,
        kind: dto.kind,
        parentId: dto.parentId ?? null,
        validFrom: dto.validFrom ?? null,
        searchText: Unit.searchTextOf(unit.code, dto.name),
      });
      await this.repo.save(unit);
      const changes = diffFields<Unit>(before, unit, AUDITED_FIELDS);
      if (changes.length) {
        await this.audit.log(ctx, { action: 'unit.update', entityType: 'unit', entityId: id, summary: `Sửa đơn vị ${unit.code} — ${unit.name}`, changes });
      }
      return unit;
    });
  }

  /** A new name for the same unit (and code); the old name stays in the history. */
  async rename(ctx: RequestContext, id: number, dto: RenameUnitDto): Promise<Unit> {
    return this.write(async () => {
      const unit = await this.repo.findOrFail(id);
      if (dto.newName === unit.name) throw new FormInvalidException({ newName: 'Tên mới trùng với tên hiện tại.' });
      await this.repo.addRename(new UnitRename({ unitId: id, oldName: unit.name, newName: dto.newName, instrument: dto.instrument, effectiveDate: dto.effectiveDate }));
      const oldName = unit.name;
      unit.name = dto.newName;
      unit.searchText = Unit.searchTextOf(unit.code, unit.name);
      await this.repo.save(unit);
      await this.audit.log(ctx, {
        action: 'unit.rename',
        entityType: 'unit',
        entityId: id,
        summary: `Đổi tên đơn vị ${unit.code} từ "${oldName}" thành "${unit.name}" (${dto.instrument})`,
        changes: [{ field: 'name', before: oldName, after: unit.name }],
      });
      return unit;
    });
  }

  /** Several units end and continue as one (existing or new). Returns the successor. */
  async merge(ctx: RequestContext, dto: MergeUnitsDto): Promise<Unit> {
    return this.write(async () => {
      const errors: FieldErrors = {};
      const ids = [...new Set(dto.predecessorIds)];
      const predecessors = await this.repo.byIds(ids);
      if (predecessors.length === 0) errors.predecessorIds = 'Vui lòng chọn ít nhất một đơn vị được sáp nhập.';
      else if (predecessors.length !== ids.length) errors.predecessorIds = 'Có đơn vị được chọn không còn tồn tại.';
      for (const p of predecessors) {
        if (p.validTo) errors.predecessorIds = `Đơn vị ${p.name} đã hết hiệu lực từ trước, không sáp nhập được nữa.`;
      }

      let successor: Unit | null = null;
      if (dto.target === 'existing') {
        if (!dto.successorId) errors.successorId = 'Vui lòng chọn đơn vị nhận sáp nhập.';
        else {
          successor = await this.repo.find(dto.successorId);
          if (!successor) errors.successorId = 'Đơn vị nhận sáp nhập không tồn tại.';
          else if (ids.includes(successor.id)) errors.successorId = 'Đơn vị nhận sáp nhập không được nằm trong danh sách bị sáp nhập.';
          else if (successor.validTo) errors.successorId = 'Đơn vị nhận sáp nhập đã hết hiệu lực.';
        }
      } else {
        if (!dto.newCode) errors.newCode = 'Vui lòng nhập mã đơn vị mới.';
        else if (!/^[A-Za-z0-9._-]+$/.test(dto.newCode)) errors.newCode = 'Mã đơn vị chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.';
        else await this.checkCodeFree(dto.newCode, errors, 'newCode');
        if (!dto.newName) errors.newName = 'Vui lòng nhập tên đơn vị mới.';
        if (!isUnitKind(dto.newKind)) errors.newKind = 'Vui lòng chọn loại đơn vị mới.';
        else if (pastKindRefusal(dto.newKind, null)) errors.newKind = pastKindRefusal(dto.newKind, null) as string;
        if (dto.newParentId) {
          if (ids.includes(dto.newParentId)) errors.newParentId = 'Đơn vị cấp trên không được là đơn vị bị sáp nhập.';
          else await this.checkParent(null, dto.newParentId, errors, 'newParentId');
        }
      }
      if (Object.keys(errors).length) throw new FormInvalidException(errors);

      if (!successor) {
        successor = await this.repo.save(
          Unit.create({
            code: dto.newCode,
            name: dto.newName,
            kind: dto.newKind as UnitKind,
            parentId: dto.newParentId ?? null,
            validFrom: dto.effectiveDate,
          }),
        );
        await this.audit.log(ctx, {
          action: 'unit.create',
          entityType: 'unit',
          entityId: successor.id,
          summary: `Thành lập đơn vị ${successor.code} — ${successor.name} do sáp nhập`,
          changes: diffFields<Unit>(null, successor, AUDITED_FIELDS),
        });
      }

      const lastDay = dayBefore(dto.effectiveDate);
      for (const p of predecessors) {
        await this.repo.update(p.id, { validTo: lastDay });
        await this.repo.addSuccession(new UnitSuccession({ predecessorId: p.id, successorId: successor.id, kind: 'merge', instrument: dto.instrument, effectiveDate: dto.effectiveDate }));
      }
      if (dto.moveMembers === '1') {
        this.uow.changes('users');
        for (const members of this.extensions.of<UnitMembersContribution>(UNIT_MEMBERS)) await members.moveToUnit(ids, successor.id);
        await this.repo.moveSubUnits(ids, successor.id);
      }
      await this.audit.log(ctx, {
        action: 'unit.merge',
        entityType: 'unit',
        entityId: successor.id,
        summary: `Sáp nhập ${predecessors.map((p) => p.name).join(', ')} vào ${successor.name} (${dto.instrument}, hiệu lực ${dto.effectiveDate})`,
        changes: predecessors.map((p) => ({ field: `validTo:${p.code}`, before: p.validTo, after: lastDay })),
      });
      return successor;
    });
  }

  /** One unit ends and continues as several (new and/or existing). */
  async split(ctx: RequestContext, id: number, dto: SplitUnitDto): Promise<Unit[]> {
    return this.write(async () => {
      const unit = await this.repo.findOrFail(id);
      const errors: FieldErrors = {};
      if (unit.validTo) errors.instrument = 'Đơn vị này đã hết hiệu lực, không chia tách được nữa.';
      const parts = dto.parts.filter((p) => p.code || p.name);
      const seen = new Set<string>();
      for (const [i, p] of dto.parts.entries()) {
        if (!p.code && !p.name) continue;
        if (!p.code) errors[`parts.${i}.code`] = 'Vui lòng nhập mã đơn vị.';
        else if (!/^[A-Za-z0-9._-]+$/.test(p.code)) errors[`parts.${i}.code`] = 'Mã chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.';
        else if (seen.has(p.code.toLowerCase())) errors[`parts.${i}.code`] = 'Mã bị lặp lại.';
        else await this.checkCodeFree(p.code, errors, `parts.${i}.code`);
        if (p.code) seen.add(p.code.toLowerCase());
        if (!p.name) errors[`parts.${i}.name`] = 'Vui lòng nhập tên đơn vị.';
      }
      const existingIds = [...new Set(dto.existingIds)].filter((x) => x !== id);
      const existing = await this.repo.byIds(existingIds);
      if (existing.some((u) => u.validTo)) errors.existingIds = 'Có đơn vị tiếp nhận đã hết hiệu lực.';
      if (parts.length + existing.length < 1) errors.parts = 'Vui lòng nhập ít nhất một đơn vị mới hoặc chọn một đơn vị tiếp nhận.';
      if (Object.keys(errors).length) throw new FormInvalidException(errors);

      const successors: Unit[] = [...existing];
      for (const p of parts) {
        const created = await this.repo.save(
          Unit.create({
            code: p.code,
            name: p.name,
            kind: unit.kind,
            parentId: unit.parentId,
            validFrom: dto.effectiveDate,
          }),
        );
        await this.audit.log(ctx, {
          action: 'unit.create',
          entityType: 'unit',
          entityId: created.id,
          summary: `Thành lập đơn vị ${created.code} — ${created.name} do chia tách ${unit.name}`,
          changes: diffFields<Unit>(null, created, AUDITED_FIELDS),
        });
        successors.push(created);
      }
      const lastDay = dayBefore(dto.effectiveDate);
      await this.repo.update(id, { validTo: lastDay });
      for (const s of successors) {
        await this.repo.addSuccession(new UnitSuccession({ predecessorId: id, successorId: s.id, kind: 'split', instrument: dto.instrument, effectiveDate: dto.effectiveDate }));
      }
      await this.audit.log(ctx, {
        action: 'unit.split',
        entityType: 'unit',
        entityId: id,
        summary: `Chia tách ${unit.name} thành ${successors.map((s) => s.name).join(', ')} (${dto.instrument}, hiệu lực ${dto.effectiveDate})`,
        changes: [{ field: 'validTo', before: unit.validTo, after: lastDay }],
      });
      return successors;
    });
  }

  /**
   * "Chấm dứt hoạt động": the unit ends without a successor (a district abolished on
   * 01/07/2025, an agency dissolved), by an instrument; units in force may take over its
   * tasks. Not a merger: its records stay its own and nothing rolls into those units.
   */
  async end(ctx: RequestContext, id: number, dto: EndUnitDto): Promise<Unit> {
    return this.write(async () => {
      const unit = await this.repo.findOrFail(id);
      const errors: FieldErrors = {};
      if (unit.validTo && !(await this.endingUnrecorded(unit))) errors.effectiveDate = `Đơn vị đã hết hiệu lực từ ngày ${formatDate(dayAfter(unit.validTo))}, không chấm dứt hoạt động lại được.`;
      // Entered already ended: the instrument is recorded for the day it ended, not another.
      else if (unit.validTo && dto.effectiveDate !== dayAfter(unit.validTo)) errors.effectiveDate = `Đơn vị đã hết hiệu lực từ ngày ${formatDate(dayAfter(unit.validTo))}: hãy ghi văn bản chấm dứt hoạt động từ ngày đó.`;
      else if (unit.validFrom && dto.effectiveDate <= unit.validFrom) {
        errors.effectiveDate = `Ngày chấm dứt hoạt động phải sau ngày đơn vị bắt đầu hiệu lực (${formatDate(unit.validFrom)}).`;
      }
      const transferIds = [...new Set(dto.transferIds)];
      const takers = await this.repo.byIds(transferIds);
      if (transferIds.includes(id)) errors.transferIds = 'Đơn vị tiếp nhận nhiệm vụ không được là chính đơn vị chấm dứt hoạt động.';
      else if (takers.length !== transferIds.length) errors.transferIds = 'Có đơn vị tiếp nhận nhiệm vụ không tồn tại.';
      else {
        const ended = takers.find((t) => t.validTo && t.validTo < dto.effectiveDate);
        if (ended) errors.transferIds = `${ended.name} đã hết hiệu lực, không tiếp nhận nhiệm vụ được.`;
      }
      if (Object.keys(errors).length) throw new FormInvalidException(errors);

      const lastDay = dayBefore(dto.effectiveDate);
      await this.repo.update(id, { validTo: lastDay });
      const ending = await this.repo.addEnding(
        new UnitEnding({ unitId: id, effectiveDate: dto.effectiveDate, instrumentNumber: dto.instrumentNumber, instrumentDate: dto.instrumentDate, instrumentIssuer: dto.instrumentIssuer }),
        transferIds,
      );
      await this.audit.log(ctx, {
        action: 'unit.end',
        entityType: 'unit',
        entityId: id,
        summary: `Chấm dứt hoạt động ${unit.name} từ ngày ${formatDate(dto.effectiveDate)} (${endingInstrument(ending)})${takers.length ? `; nhiệm vụ giao cho ${takers.map((t) => t.name).join(', ')}` : ''}`,
        changes: [{ field: 'validTo', before: unit.validTo, after: lastDay }],
      });
      unit.validTo = lastDay;
      return unit;
    });
  }

  /**
   * Deletes a unit entered by mistake. A unit that anything refers to (sub-units,
   * users, history, and every record of later features) is never deleted.
   */
  async remove(ctx: RequestContext, id: number): Promise<void> {
    await this.write(async () => {
      const unit = await this.repo.findOrFail(id);
      const uses = await this.repo.references(id);
      if (uses.length > 0) {
        throw new ConflictException(
          `Không thể xóa đơn vị "${unit.name}" vì đơn vị đã có dữ liệu (${uses.join(', ')}). Hãy dùng sáp nhập, chia tách hoặc đổi tên để giữ lịch sử.`,
        );
      }
      await this.repo.delete(id);
      await this.audit.log(ctx, {
        action: 'unit.delete',
        entityType: 'unit',
        entityId: id,
        summary: `Xóa đơn vị ${unit.code} — ${unit.name} (nhập nhầm, chưa có dữ liệu)`,
        changes: diffFields<Unit>(unit, {}, AUDITED_FIELDS),
      });
    });
  }

  // ---- CSV import ------------------------------------------------------------------

  /**
   * Imports units from CSV, all or nothing. Parents may be existing units or rows
   * anywhere in the file.
   */
  async importCsv(ctx: RequestContext, content: Buffer): Promise<ImportResult> {
    let rows;
    try {
      rows = parseCsv(content, UNIT_CSV_COLUMNS);
    } catch (e) {
      if (e instanceof CsvFormatError) return { ok: false, created: 0, errors: [{ line: 1, column: '', message: e.message }] };
      throw e;
    }
    const errors: CsvRowError[] = [];
    if (rows.length === 0) return { ok: false, created: 0, errors: [{ line: 1, column: '', message: 'Tệp không có dòng dữ liệu nào.' }] };

    const scope = await this.adminScope(ctx);
    return this.write(async () => {
      const existing = new Map((await this.repo.all()).map((u) => [u.code.toLowerCase(), u]));
      const inFile = new Map<string, number>();
      const parsed = rows.map((r) => {
        const v = r.values;
        const err = (column: string, message: string) => errors.push({ line: r.line, column, message });
        if (!v.code) err('code', 'Thiếu mã đơn vị.');
        else if (!/^[A-Za-z0-9._-]{1,32}$/.test(v.code)) err('code', 'Mã chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (tối đa 32 ký tự).');
        else if (existing.has(v.code.toLowerCase())) err('code', `Mã ${v.code} đã có trong hệ thống (mã không được dùng lại).`);
        else if (inFile.has(v.code.toLowerCase())) err('code', `Mã ${v.code} bị lặp (đã có ở dòng ${inFile.get(v.code.toLowerCase())}).`);
        if (v.code) inFile.set(v.code.toLowerCase(), r.line);
        if (!v.name) err('name', 'Thiếu tên đơn vị.');
        else if (v.name.length > 255) err('name', 'Tên dài quá 255 ký tự.');
        const kind = parseUnitKind(v.kind);
        if (!v.kind) err('kind', `Thiếu loại đơn vị. Dùng tên hoặc mã: ${acceptedUnitKinds()}.`);
        else if (!kind) err('kind', `Loại đơn vị không hợp lệ: ${v.kind}. Dùng tên hoặc mã: ${acceptedUnitKinds()}.`);
        let validFrom: string | null = null;
        if (v.valid_from) {
          validFrom = parseDateInput(v.valid_from);
          if (!validFrom) err('valid_from', `Ngày "${v.valid_from}" không hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd).`);
        }
        // A unit of a kind of before 01/07/2025 comes in as history: it ended on 30/06/2025.
        const history = Boolean(kind && isPastKind(kind));
        if (history && validFrom && validFrom > LAST_DAY_OF_DISTRICTS) {
          err('valid_from', `Đơn vị loại "${UNIT_KIND_LABELS[kind as UnitKind]}" chỉ có trước ngày 01/07/2025; ngày có hiệu lực ${formatDate(validFrom)} không hợp lệ.`);
        }
        return { line: r.line, code: v.code, name: v.name, kind: kind as UnitKind, parentCode: v.parent_code, validFrom, history };
      });
      for (const p of parsed) {
        // A unit administrator imports the units below its own: each row hangs under a unit of its scope or of the file.
        if (scope && !p.parentCode) errors.push({ line: p.line, column: 'parent_code', message: 'Thiếu mã đơn vị cấp trên: bạn chỉ nhập được đơn vị trực thuộc đơn vị mình.' });
        if (!p.parentCode) continue;
        const key = p.parentCode.toLowerCase();
        const known = existing.get(key);
        if (scope && known && !scope.has(known.id)) {
          errors.push({ line: p.line, column: 'parent_code', message: `Đơn vị mã ${p.parentCode} không thuộc đơn vị bạn quản trị: bạn chỉ nhập được đơn vị trực thuộc đơn vị mình.` });
          continue;
        }
        if (key === p.code.toLowerCase()) errors.push({ line: p.line, column: 'parent_code', message: 'Đơn vị không thể là cấp trên của chính nó.' });
        else if (!existing.has(key) && !inFile.has(key)) {
          errors.push({ line: p.line, column: 'parent_code', message: `Không tìm thấy đơn vị cấp trên có mã ${p.parentCode} (trong hệ thống hoặc trong tệp).` });
        }
      }
      if (errors.length === 0) {
        const cycle = findParentCycle(parsed);
        if (cycle) errors.push({ line: cycle, column: 'parent_code', message: 'Quan hệ cấp trên tạo thành vòng lặp.' });
      }
      if (errors.length > 0) return { ok: false, created: 0, errors: errors.sort((a, b) => a.line - b.line) };

      // Insert parents before children: repeat over the rows whose parent is known.
      const ids = new Map<string, number>([...existing].map(([k, u]) => [k, u.id]));
      let pending = parsed;
      while (pending.length > 0) {
        const ready = pending.filter((p) => !p.parentCode || ids.has(p.parentCode.toLowerCase()));
        for (const p of ready) {
          const unit = Unit.create({
            code: p.code,
            name: p.name,
            kind: p.kind,
            parentId: p.parentCode ? (ids.get(p.parentCode.toLowerCase()) as number) : null,
            validFrom: p.validFrom,
          });
          if (p.history) unit.validTo = LAST_DAY_OF_DISTRICTS;
          await this.repo.save(unit);
          ids.set(p.code.toLowerCase(), unit.id);
        }
        pending = pending.filter((p) => !ready.includes(p));
      }
      await this.audit.log(ctx, {
        action: 'unit.import',
        entityType: 'unit',
        summary: `Nhập ${parsed.length} đơn vị từ tệp CSV: ${parsed.slice(0, 10).map((p) => p.code).join(', ')}${parsed.length > 10 ? ', …' : ''}`,
      });
      return { ok: true, created: parsed.length, history: parsed.filter((p) => p.history).length, errors: [] };
    });
  }

  // ---- helpers ------------------------------------------------------------------

  /**
   * A unit of work that changes units, in turn with every other change of the tree (see
   * UnitsRepository.lockTree); it declares `units`, so its end drops what depends on units
   * (ReadCache), here and on every other instance.
   */
  private write<T>(work: () => Promise<T>): Promise<T> {
    return this.uow.run(async () => {
      this.uow.changes('units');
      await this.repo.lockTree();
      return work();
    });
  }

  /** A unit administrator places a unit under a unit of its scope, never at the top. */
  private async checkPlacement(ctx: RequestContext, parentId: number | null, errors: FieldErrors): Promise<void> {
    const scope = await this.adminScope(ctx);
    if (!scope || errors.parentId) return;
    if (parentId === null) errors.parentId = 'Vui lòng chọn đơn vị cấp trên: đơn vị của bạn hoặc một đơn vị trực thuộc.';
    else if (!scope.has(parentId)) errors.parentId = 'Bạn chỉ đặt được đơn vị dưới đơn vị mình hoặc một đơn vị trực thuộc.';
  }

  private async checkCodeFree(code: string, errors: FieldErrors, field = 'code'): Promise<void> {
    if (await this.repo.codeTaken(code)) errors[field] = `Mã ${code} đã được dùng cho một đơn vị khác (mã không được dùng lại).`;
  }

  private async checkParent(selfId: number | null, parentId: number, errors: FieldErrors, field = 'parentId'): Promise<void> {
    const parent = await this.repo.find(parentId);
    if (!parent) {
      errors[field] = 'Đơn vị cấp trên không tồn tại.';
      return;
    }
    if (selfId === null) return;
    // Walk up from the new parent: reaching the unit itself would make a loop.
    for (let cur: Unit | null = parent, steps = 0; cur && steps < 1000; steps++) {
      if (cur.id === selfId) {
        errors[field] = 'Không thể chọn chính đơn vị này hoặc đơn vị cấp dưới của nó làm cấp trên.';
        return;
      }
      cur = cur.parentId ? await this.repo.find(cur.parentId) : null;
    }
  }
}

/** The line of a row whose parent chain (within the file) loops back on itself. */
export function findParentCycle(rows: { line: number; code: string; parentCode: string }[]): number | null {
  const parentOf = new Map(rows.map((r) => [r.code.toLowerCase(), r.parentCode.toLowerCase()]));
  for (const r of rows) {
    const seen = new Set<string>();
    let cur: string | undefined = r.code.toLowerCase();
    while (cur && parentOf.has(cur)) {
      if (seen.has(cur)) return r.line;
      seen.add(cur);
      cur = parentOf.get(cur) || undefined;
    }
  }
  return null;
}

function push(map: Map<number, number[]>, from: number, to: number): void {
  map.set(from, [...(map.get(from) ?? []), to]);
}

/** The units reached from `start` along `next` (not `start` itself), going on past those for which `onward` holds. */
function walkFrom(start: number, next: ReadonlyMap<number, number[]>, onward: (id: number) => boolean): number[] {
  const seen = new Set<number>([start]);
  const out: number[] = [];
  for (let queue = [...(next.get(start) ?? [])]; queue.length; ) {
    const id = queue.shift() as number;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    if (onward(id)) queue.push(...(next.get(id) ?? []));
  }
  return out;
}
