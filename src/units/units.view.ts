import { Injectable } from '@nestjs/common';
import { administersUnit, isDistrictAdmin } from '../common/access';
import { Role } from '../users/roles';
import { Extensions, UNIT_MEMBERS, UnitMember, UnitMembersContribution } from '../common/extensions';
import { dayAfter, formatDate, todayIso } from '../common/dates';
import { AuditService } from '../audit/audit.service';
import { UNIT_KIND_LABELS, UNIT_KINDS, UnitKind } from './unit-kinds';
import { Unit } from './unit.entity';
import { endingInstrument, ImportResult, isActiveUnit, UnitsService, UnitTreeNode } from './units.service';
import { UNIT_CSV_COLUMNS } from './unit-csv';
import { derivedFrom } from './unit-list';
import { isSystemPlaceholder } from './system-unit';
import { RequestContext } from '../common/request-context';

export interface Option {
  value: string;
  label: string;
}

const collator = new Intl.Collator('vi');

/** Active units (and those kept) in tree order, each with its depth under the top. */
export function unitTree(units: Unit[], today: string, keepIds: number[] = []): { unit: Unit; depth: number }[] {
  const usable = units.filter((u) => isActiveUnit(u, today) || keepIds.includes(u.id));
  const ids = new Set(usable.map((u) => u.id));
  const byParent = new Map<number | null, Unit[]>();
  for (const u of usable) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), u]);
  }
  const out: { unit: Unit; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const u of (byParent.get(parent) ?? []).sort((a, b) => collator.compare(a.name, b.name))) {
      out.push({ unit: u, depth });
      if (depth < 20) walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Active units in tree order, indented by depth, for select lists. */
export function unitOptions(units: Unit[], today: string, keepIds: number[] = []): Option[] {
  return unitTree(units, today, keepIds).map(({ unit, depth }) => ({ value: String(unit.id), label: `${'\u00A0\u00A0\u00A0'.repeat(depth)}${unit.name} (${unit.code})` }));
}

/**
 * Units of every time for a record of an earlier year (a paper record, a round of past years):
 * those in force and the ended ones, each ended one marked with its last day.
 */
export function unitOptionsOfAllTimes(units: Unit[], today: string): Option[] {
  const ended = new Map(units.filter((u) => !isActiveUnit(u, today)).map((u) => [String(u.id), u.validTo as string]));
  return unitOptions(units, today, [...ended.keys()].map(Number)).map((o) => (ended.has(o.value) ? { ...o, label: `${o.label} — đến ${formatDate(ended.get(o.value))}` } : o));
}

/** Above this many units, a filter list shows the top two levels and drills down. */
export const FILTER_LIST_LIMIT = 300;

/**
 * Units for a filter list: those in force (ended units leave it; their records are found
 * under their successors, or by the link on their page). A district has a few dozen and sees them all; with hundreds
 * (a province), the list shows the top two levels, plus the way down to the chosen unit
 * and its sub-units, so choosing a district and filtering offers its communes next.
 */
export function unitFilterOptions(units: Unit[], selectedId: number | undefined, today: string): Option[] {
  // Without a choice the options are the same for every request of this reading of the units.
  if (!selectedId) return derivedFrom(units, `filter-options:${today}`, () => buildFilterOptions(units, undefined, today));
  return buildFilterOptions(units, selectedId, today);
}

/** Units in force, and the chosen one even if it has ended (a link to an ended unit's records still shows its filter). */
function buildFilterOptions(units: Unit[], selectedId: number | undefined, today: string): Option[] {
  const chosen = selectedId ? [selectedId] : [];
  if (units.length <= FILTER_LIST_LIMIT) return unitOptions(units, today, chosen);
  const byId = new Map(units.map((u) => [u.id, u]));
  const depth = (u: Unit) => {
    let d = 0;
    for (let p = u.parentId; p && d < 20; p = byId.get(p)?.parentId ?? null) d++;
    return d;
  };
  const keep = new Set<number>();
  for (const u of units) if (depth(u) <= 1) keep.add(u.id);
  if (selectedId && byId.has(selectedId)) {
    for (let p: number | null = selectedId; p; p = byId.get(p)?.parentId ?? null) keep.add(p);
    for (const u of units) if (u.parentId === selectedId) keep.add(u.id);
  }
  const shown = units.filter((u) => keep.has(u.id));
  return unitOptions(shown, today, chosen);
}

/**
 * Units for the public catalogue's filter: real units in force today, without the system
 * unit made on first start (until it is renamed into a real one) and without ended units.
 * Choosing a unit finds the initiatives of its sub-units and of the units merged or split
 * into it (UnitsService.scopeIds), so an ended unit's initiatives are found under its
 * successor. A unit chosen by an older link stays listed, so the form shows the filter.
 */
export function publicUnitFilterOptions(units: Unit[], selectedId: number | undefined, today: string): Option[] {
  // Today's real units and their options are picked once per reading of the units (see
  // UnitList); an ended unit chosen by an older link is added for that request only.
  const current = derivedFrom(units, `public-units:${today}`, () => {
    const shown = units.filter((u) => !isSystemPlaceholder(u) && isActiveUnit(u, today));
    return { shown, ids: new Set(shown.map((u) => u.id)) };
  });
  if (selectedId === undefined) return derivedFrom(units, `public-options:${today}`, () => buildFilterOptions(current.shown, undefined, today));
  if (current.ids.has(selectedId)) return buildFilterOptions(current.shown, selectedId, today);
  return buildFilterOptions(
    units.filter((u) => !isSystemPlaceholder(u) && (isActiveUnit(u, today) || u.id === selectedId)),
    selectedId,
    today,
  );
}

export const kindOptions = (): Option[] => UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }));

interface TreeView {
  id: number;
  code: string;
  name: string;
  kindLabel: string;
  active: boolean;
  validTo: string | null;
  /** For a unit ended without a successor: "đã chấm dứt từ dd/mm/yyyy". */
  endedNote: string;
  matched: boolean;
  children: TreeView[];
}

/** "đã chấm dứt từ dd/mm/yyyy" for a unit ended without a successor (by the date of its ending), else ''. */
export function endedNote(unit: Pick<Unit, 'id' | 'validTo'>, endings: ReadonlyMap<number, string>, today: string): string {
  const from = endings.get(unit.id) ?? (unit.validTo ? dayAfter(unit.validTo) : null);
  return endings.has(unit.id) && from && from <= today ? `đã chấm dứt từ ${formatDate(from)}` : '';
}

function toTreeView(node: UnitTreeNode, endings: ReadonlyMap<number, string>, today: string): TreeView {
  return {
    id: node.unit.id,
    code: node.unit.code,
    name: node.unit.name,
    kindLabel: UNIT_KIND_LABELS[node.unit.kind] ?? node.unit.kind,
    active: node.active,
    validTo: node.unit.validTo,
    endedNote: endedNote(node.unit, endings, today),
    matched: node.matched,
    children: node.children.map((c) => toTreeView(c, endings, today)),
  };
}

/** Builds the view models of the unit pages. */
@Injectable()
export class UnitsView {
  constructor(
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly extensions: Extensions,
  ) {}

  /** The tree: the whole for the system administrator; for a unit administrator, its own unit's (and the units merged into it). */
  async index(ctx: RequestContext, q: string | undefined, includeEnded: boolean) {
    const today = todayIso();
    const [{ roots, matches }, endings, scope] = await Promise.all([this.units.tree({ q, includeEnded, today }), this.units.endingDates(), this.units.adminScope(ctx)]);
    const shown = scope ? subtreesIn(roots, scope) : roots;
    return {
      title: 'Đơn vị',
      q: q ?? '',
      includeEnded,
      tree: shown.map((r) => toTreeView(r, endings, today)),
      matches: scope ? countMatched(shown) : matches,
      searched: Boolean(q),
      can: { history: !scope },
    };
  }

  async createForm(ctx: RequestContext, values: Record<string, unknown>) {
    const all = await this.units.choosable(ctx);
    return {
      title: 'Thêm đơn vị',
      isNew: true,
      action: '/units/new',
      form: { values, errors: {} },
      kindOptions: kindOptions(),
      parentOptions: unitOptions(all, todayIso()),
    };
  }

  async editForm(ctx: RequestContext, id: number, withValues = true) {
    const unit = await this.units.findOne(id);
    const all = (await this.units.choosable(ctx)).filter((u) => u.id !== id);
    return {
      title: `Sửa đơn vị: ${unit.name}`,
      isNew: false,
      unit,
      action: `/units/${id}/edit`,
      form: { values: withValues ? { ...unit, parentId: unit.parentId ?? '' } : { code: unit.code }, errors: {} },
      kindOptions: kindOptions(),
      parentOptions: unitOptions(all, todayIso(), unit.parentId ? [unit.parentId] : []),
    };
  }

  async show(ctx: RequestContext, id: number) {
    const admin = isDistrictAdmin(ctx.user);
    // A unit administrator adds units and people to the units of its scope, and edits those below its own.
    const unitAdmin = !admin && ctx.user.roles.includes(Role.UnitAdmin) && administersUnit(ctx.user, id, await ctx.user.scope());
    const [unit, children, history, members, events, endings] = await Promise.all([
      this.units.findOne(id),
      this.units.children(id),
      this.units.history(id),
      this.members(id),
      admin ? this.audit.forRecord('unit', id, 20) : Promise.resolve([]),
      this.units.endingDates(),
    ]);
    const today = todayIso();
    return {
      title: unit.name,
      unit,
      kindLabel: UNIT_KIND_LABELS[unit.kind as UnitKind] ?? unit.kind,
      active: isActiveUnit(unit, today),
      endedBadge: endedNote(unit, endings, today).replace(/^đ/, 'Đ'),
      children: children.map((c) => ({ ...c, kindLabel: UNIT_KIND_LABELS[c.kind], active: isActiveUnit(c, today), endedNote: endedNote(c, endings, today) })),
      history,
      members,
      endedWithMembers: !isActiveUnit(unit, today) && members.some((m) => m.active),
      canManage: admin,
      canRecordEnding: admin && !isActiveUnit(unit, today) && (await this.units.endingUnrecorded(unit)),
      canAdd: admin || unitAdmin,
      canEdit: admin || (unitAdmin && id !== ctx.user.unitId),
      events,
    };
  }

  /** The people of the unit, from the users feature (UNIT_MEMBERS). */
  private async members(unitId: number): Promise<UnitMember[]> {
    const answers = await Promise.all(this.extensions.of<UnitMembersContribution>(UNIT_MEMBERS).map((x) => x.inUnit(unitId)));
    return answers.flat();
  }

  async renameForm(id: number) {
    const unit = await this.units.findOne(id);
    return { title: `Đổi tên: ${unit.name}`, unit, form: { values: { effectiveDate: todayIso() }, errors: {} } };
  }

  async splitForm(id: number) {
    const unit = await this.units.findOne(id);
    const all = (await this.units.all()).filter((u) => u.id !== id);
    return {
      title: `Chia tách: ${unit.name}`,
      unit,
      rows: [0, 1, 2, 3, 4].map((i) => ({ i, n: i + 1 })),
      unitOptions: unitOptions(all, todayIso()),
      form: { values: { effectiveDate: todayIso() }, errors: {} },
    };
  }

  async endForm(id: number, withValues = true) {
    const unit = await this.units.findOne(id);
    const today = todayIso();
    const [all, ending, unrecorded] = await Promise.all([this.units.all(), this.units.endingOf(id), this.units.endingUnrecorded(unit)]);
    const from = unit.validTo ? dayAfter(unit.validTo) : null;
    return {
      title: `Chấm dứt hoạt động: ${unit.name}`,
      unit,
      // Entered already ended (a CSV of units of before): its instrument and takers may still be recorded.
      ended: from && !unrecorded ? { from, instrument: ending ? endingInstrument(ending) : '' } : null,
      unrecorded: unrecorded ? { from } : null,
      unitOptions: unitOptions(all.filter((u) => u.id !== id), today),
      form: { values: withValues ? { effectiveDate: from ?? today, instrumentDate: today, transferIds: [] } : {}, errors: {} },
    };
  }

  async mergeForm(values: Record<string, unknown>) {
    const all = await this.units.all();
    return {
      title: 'Sáp nhập đơn vị',
      unitOptions: unitOptions(all, todayIso()),
      kindOptions: kindOptions(),
      form: { values: { effectiveDate: todayIso(), ...values }, errors: {} },
    };
  }

  importPage(extra: { fileError?: string; result?: ImportResult; fileName?: string; errors?: unknown[]; errorCount?: number; scoped?: string } = {}) {
    return { title: 'Nhập đơn vị từ CSV', columns: UNIT_CSV_COLUMNS, kinds: kindOptions(), ...extra };
  }
}

/** The nodes of these units (a unit administrator's scope) nearest the top, with what lies below them. */
function subtreesIn(roots: UnitTreeNode[], scope: ReadonlySet<number>): UnitTreeNode[] {
  const found: UnitTreeNode[] = [];
  const walk = (nodes: UnitTreeNode[]) => {
    for (const n of nodes) {
      if (scope.has(n.unit.id)) found.push(n);
      else walk(n.children);
    }
  };
  walk(roots);
  return found;
}

function countMatched(nodes: UnitTreeNode[]): number {
  return nodes.reduce((n, x) => n + (x.matched ? 1 : 0) + countMatched(x.children), 0);
}
