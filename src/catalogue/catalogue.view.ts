import { Injectable } from '@nestjs/common';
import { todayIso } from '../common/dates';
import { pageNumber } from '../common/pagination';
import { cacheKey, ReadCache } from '../database/read-cache';
import { InitiativesService } from '../initiatives/initiatives.service';
import { attachmentView, filterFrom, InitiativesView } from '../initiatives/initiatives.view';
import { ReplicationService } from '../replication/replication.service';
import { UnitsService } from '../units/units.service';
import { publicUnitFilterOptions } from '../units/units.view';
import { DataChange } from '../database/data-changes';

type Query = Record<string, string | undefined>;

/**
 * The view models of the public catalogue. An anonymous visitor's pages are the same for
 * everyone, so they are kept in the read cache (dropped by any change, else after a few
 * seconds) and repeated visits do no database work; they hold nothing of a visitor (the
 * CSRF token, flash messages and the signed-in user come from the layout's locals). A
 * signed-in user's pages are built fresh.
 */

/** What a public page is read from (recognised initiatives with their units, fields and rounds). */
const PUBLIC_PAGE_DEPENDS_ON: DataChange[] = ['initiatives', 'units', 'fields', 'rounds'];

@Injectable()
export class CatalogueView {
  constructor(
    private readonly initiatives: InitiativesService,
    private readonly view: InitiativesView,
    private readonly cache: ReadCache,
    private readonly units: UnitsService,
    private readonly replication: ReplicationService,
  ) {}

  async list(query: Query, anonymous: boolean) {
    if (!anonymous) return this.buildList(query);
    // The page is built from the normalised query alone, so that its key says all it holds
    // (links included): stray parameters of one visitor never reach the next.
    const normal = normalQuery(query);
    return this.cache.get(cacheKey('catalogue.list', normal), () => this.buildList(normal), PUBLIC_PAGE_DEPENDS_ON);
  }

  /** A recognised initiative's page; 404 for anything else (never kept). */
  async show(id: number, anonymous: boolean) {
    return anonymous ? this.cache.get(`catalogue.show:${id}`, () => this.buildShow(id), PUBLIC_PAGE_DEPENDS_ON) : this.buildShow(id);
  }

  private async buildList(query: Query) {
    const [list, units] = await Promise.all([this.view.list(query, { public: true }, '/catalogue'), this.units.all()]);
    return {
      title: 'Danh mục sáng kiến được công nhận',
      ...list,
      // Today's real units; each one's initiatives include those of the units merged into it.
      unitOptions: publicUnitFilterOptions(units, filterFrom(query, true).unitId, todayIso()),
      unitLabel: 'Đơn vị hiện nay (gồm đơn vị trực thuộc và cả đơn vị cũ đã sáp nhập)',
    };
  }

  /**
   * Its replication progress too (a report changes it without dropping the kept page: it
   * shows within READ_CACHE_SECONDS).
   */
  private async buildShow(id: number) {
    const initiative = await this.initiatives.loadPublic(id);
    const [files, progress] = await Promise.all([this.initiatives.attachmentsOf(id), this.replication.publicProgressOf(id)]);
    const attachments = files.filter((a) => a.visibility === 'public');
    return { title: initiative.title, i: this.view.detail(initiative, false), attachments: attachments.map(attachmentView), progress };
  }
}

/** The query string as the catalogue reads it: its filter and page, nothing else. */
export function normalQuery(query: Query): Query {
  const f = filterFrom(query, true);
  const page = pageNumber(query.page);
  const text = (v: number | string | undefined) => (v === undefined ? undefined : String(v));
  const all: Query = { q: f.q, year: text(f.year), round: text(f.roundId), unit: text(f.unitId), field: text(f.fieldId), level: f.level, sort: f.sort, page: page > 1 ? String(page) : undefined };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}
