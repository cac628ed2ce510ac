import { Injectable } from '@nestjs/common';
import { DecisionsService } from '../decisions/decisions.service';
import { LEVEL_LABELS, RecognitionLevel } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativesService } from '../initiatives/initiatives.service';
import { programmeSummary, ReplicationService } from '../replication/replication.service';
import { RequestContext } from '../common/request-context';
import { InitiativeStatus, STATUS_LABELS } from '../initiatives/initiative-status';
import { roundTitle } from '../rounds/round-rules';
import { ROLE_LABELS } from '../users/roles';
import { ApiInitiative, ApiInitiativeContent, ApiInitiativeDetail, ApiInitiativePage, ApiInternalInitiative, ApiInternalInitiativeDetail, ApiInternalInitiativePage, ApiMe, ApiProgramme } from './api.dto';
import { ApiListQuery, DEFAULT_PAGE_SIZE } from './api-rules';

/**
 * The answers of the read-only JSON API's public endpoints: recognised initiatives as the
 * public catalogue shows them (the same listing, filters and search), their public files'
 * metadata and replication progress, and the programmes' figures as the open-data bundle
 * gives them.
 */
@Injectable()
export class ApiService {
  constructor(
    private readonly initiatives: InitiativesService,
    private readonly decisions: DecisionsService,
    private readonly replication: ReplicationService,
  ) {}

  async initiativesPage(query: ApiListQuery): Promise<ApiInitiativePage> {
    const filter = { q: query.q, year: query.year, unitId: query.unit, fieldId: query.field, level: query.level as RecognitionLevel | undefined };
    const [{ initiatives, total, capped }, history] = await Promise.all([this.initiatives.list(filter, { public: true }, query.page, query.pageSize), this.replication.unitHistory()]);
    const data = initiatives.map((i) => this.item(i, history.currentName(i.unitId)));
    const more = query.page * query.pageSize < total || capped;
    return { data, page: query.page, pageSize: query.pageSize, total, totalCapped: capped, next: more && data.length ? nextLink(query) : null };
  }

  /** A recognised initiative (404 for any other), its public files and its replication progress. */
  async initiative(id: number): Promise<ApiInitiativeDetail> {
    const i = await this.initiatives.loadPublic(id);
    const [files, progress, decisions, history] = await Promise.all([this.initiatives.attachmentsOf(id), this.replication.publicProgressOf(id), this.decisions.forInitiative(id), this.replication.unitHistory()]);
    const decision = decisions.find((d) => d.outcome === 'recognized');
    return {
      ...this.item(i, history.currentName(i.unitId)),
      ...contentOf(i),
      decisionNumber: decision?.number ?? '',
      decisionDate: decision?.date ?? null,
      files: files.filter((f) => f.visibility === 'public').map((f) => ({ id: f.id, name: f.originalName, mediaType: f.mediaType, size: f.size, url: `/attachments/${f.id}` })),
      progress,
    };
  }

  async programmes(): Promise<ApiProgramme[]> {
    const figures = await this.replication.openDataFigures();
    return figures.programmes.map((f) => {
      const p = programmeSummary(f);
      return { ...p, rate: p.records ? Math.round((p.adopted / p.records) * 10000) / 10000 : null };
    });
  }

  // ---- with a personal access token: the owner's access rules ---------------------------

  me(ctx: RequestContext): ApiMe {
    const u = ctx.user;
    return { id: u.id, username: u.username, fullName: u.fullName, unit: u.unitName, roles: u.roles.map((r) => ROLE_LABELS[r]) };
  }

  /** The initiatives this person may see, as their list of initiatives gives them. */
  async myInitiativesPage(ctx: RequestContext, query: ApiListQuery): Promise<ApiInternalInitiativePage> {
    const filter = { q: query.q, year: query.year, unitId: query.unit, fieldId: query.field, level: query.level as RecognitionLevel | undefined, status: query.status as InitiativeStatus | undefined };
    const [{ initiatives, total, capped }, history] = await Promise.all([this.initiatives.list(filter, { user: ctx.user }, query.page, query.pageSize), this.replication.unitHistory()]);
    const data = initiatives.map((i) => this.internalItem(i, history.currentName(i.unitId)));
    const more = query.page * query.pageSize < total || capped;
    return { data, page: query.page, pageSize: query.pageSize, total, totalCapped: capped, next: more && data.length ? nextLink(query, '/api/v1/internal/initiatives') : null };
  }

  /** An initiative this person may see (403 otherwise, naming nothing of it); never dates of birth nor confidential text. */
  async myInitiative(ctx: RequestContext, id: number): Promise<ApiInternalInitiativeDetail> {
    const { initiative: i } = await this.initiatives.loadFor(ctx, id);
    const history = await this.replication.unitHistory();
    return { ...this.internalItem(i, history.currentName(i.unitId)), ...contentOf(i) };
  }

  private internalItem(i: Initiative, unitNow: string | undefined): ApiInternalInitiative {
    return { ...this.item(i, unitNow), code: i.code ?? '', status: i.status, statusLabel: STATUS_LABELS[i.status], round: i.round ? roundTitle(i.round) : '', url: `/initiatives/${i.id}` };
  }

  private item(i: Initiative, unitNow: string | undefined): ApiInitiative {
    return {
      id: i.id,
      code: i.code ?? '',
      year: i.year,
      title: i.title,
      unit: i.unit?.name ?? '',
      unitNow: unitNow ?? i.unit?.name ?? '',
      field: i.field?.name ?? '',
      level: i.level ?? null,
      levelLabel: i.level ? LEVEL_LABELS[i.level] : '',
      url: `/catalogue/${i.id}`,
    };
  }
}

/** The authors as anyone may read them (never a date of birth), and the indicators. */
/** What an initiative says, the same in the public answer and in the one read with a token: never dates of birth. */
function contentOf(i: Initiative): ApiInitiativeContent {
  return {
    problem: i.problem ?? '',
    solution: i.solution ?? '',
    novelty: i.novelty ?? '',
    conditions: i.conditions ?? '',
    applicability: i.applicability ?? '',
    effects: i.effects ?? '',
    firstAppliedDate: i.firstAppliedDate ?? null,
    authors: (i.authors ?? []).map((a) => ({ fullName: a.fullName, jobTitle: a.jobTitle ?? '', workplace: a.workplace ?? '', share: Number(a.share) })),
    indicators: (i.indicators ?? []).map((x) => ({ name: x.name, unitOfMeasure: x.unitOfMeasure, before: x.before ?? null, after: x.after ?? null })),
  };
}

/** The link to the next page, with the same filters. */
function nextLink(query: ApiListQuery, path = '/api/v1/initiatives'): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ q: query.q, year: query.year, field: query.field, unit: query.unit, level: query.level, status: query.status })) if (v !== undefined) params.set(k, String(v));
  params.set('page', String(query.page + 1));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(query.pageSize));
  return `${path}?${params.toString()}`;
}
