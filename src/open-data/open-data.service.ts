import { Injectable, OnModuleInit } from '@nestjs/common';
import { AttachmentsService } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { todayIso } from '../common/dates';
import { RequestContext } from '../common/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { DecisionsService } from '../decisions/decisions.service';
import { FieldsService } from '../fields/fields.service';
import { LEVEL_LABELS } from '../initiatives/initiative-status';
import { InitiativesService, OWNER_TYPE } from '../initiatives/initiatives.service';
import { programmeSummary, ReplicationService } from '../replication/replication.service';
import { Dataset, DATASETS, dictionary, DICTIONARY, FileRow, FILES, InitiativeRow, INITIATIVES, ProgrammeRow, PROGRAMMES, toCsv, toJson } from './datasets';
import { OpenDataFile } from './open-data-file.entity';
import { OpenDataRepository } from './open-data.repository';
import { JobKind, Jobs } from '../jobs/jobs';

/** The hour (Vietnam's time) from which the bundle of the day is built. */
export const OPEN_DATA_HOUR = 3;
/** When the queue looks whether today's bundle is due: hourly (a build missed while no instance ran happens at the next look). */
const LOOK_CRON = '0 * * * *';

/** Whether the bundle built at `last` is older than today's build time at `now` (none built: due). */
export function openDataDue(last: Date | null, now: Date): boolean {
  const start = new Date(`${todayIso(now)}T${String(OPEN_DATA_HOUR).padStart(2, '0')}:00:00+07:00`);
  if (now.getTime() < start.getTime()) return false;
  return !last || last.getTime() < start.getTime();
}

/**
 * The open-data bundle: public data as CSV (UTF-8 with BOM) and JSON, with its data
 * dictionary, built from the features' own services and kept in the database so that every
 * instance serves the same files. Built each day from 03:00 (a scheduled job looks hourly, on
 * one instance at a time; an administrator building at the same moment builds the same files,
 * the last one kept) and when an administrator asks.
 */
@Injectable()
export class OpenDataService implements OnModuleInit {
  /** Builds the bundle if today's is due. */
  readonly daily: JobKind<object, { built: boolean }> = { name: 'open-data-build', retries: 2, run: async () => ({ built: await this.buildIfDue() }) };
  private building: Promise<OpenDataFile[]> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: OpenDataRepository,
    private readonly initiatives: InitiativesService,
    private readonly decisions: DecisionsService,
    private readonly fields: FieldsService,
    private readonly replication: ReplicationService,
    private readonly attachments: AttachmentsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit(): void {
    this.jobs.define(this.daily);
    if (this.config.get('openDataDaily')) this.jobs.schedule(this.daily, LOOK_CRON);
  }

  /** The files as last built (without content); empty before the first build. */
  files(): Promise<OpenDataFile[]> {
    return this.repo.list();
  }

  file(name: string): Promise<OpenDataFile | null> {
    return this.repo.one(name);
  }

  async buildIfDue(now = new Date()): Promise<boolean> {
    const [first] = await this.repo.list();
    if (!openDataDue(first?.generatedAt ?? null, now)) return false;
    await this.build(null, now);
    return true;
  }

  /** Builds the whole bundle now (one build at a time per instance); audited when an administrator asked. */
  build(ctx: RequestContext | null, now = new Date()): Promise<OpenDataFile[]> {
    this.building ??= this.make(ctx, now).finally(() => (this.building = null));
    return this.building;
  }

  private async make(ctx: RequestContext | null, now: Date): Promise<OpenDataFile[]> {
    const [recognised, fields, figures, history] = await Promise.all([this.initiatives.recognised(), this.fields.all(), this.replication.openDataFigures(), this.replication.unitHistory()]);
    const fieldNames = new Map(fields.map((f) => [f.id, f.name]));
    const ids = recognised.map((i) => i.id);
    const decisions = new Map<number, { number: string; date: string }>();
    // Latest first: the first recognition met is the one in force.
    for (const d of await this.decisions.forInitiatives(ids)) if (d.outcome === 'recognized' && !decisions.has(d.initiativeId)) decisions.set(d.initiativeId, { number: d.number, date: d.date });
    const initiativeRows: InitiativeRow[] = recognised.map((i) => ({
      id: i.id,
      code: i.code ?? '',
      year: i.year,
      title: i.title,
      unit: i.unit?.name ?? '',
      unitNow: history.currentName(i.unitId) ?? i.unit?.name ?? '',
      field: fieldNames.get(i.fieldId) ?? '',
      level: (i.level && LEVEL_LABELS[i.level]) || '',
      decisionNumber: decisions.get(i.id)?.number ?? '',
      decisionDate: decisions.get(i.id)?.date ?? null,
      adoptedUnits: figures.adoptedUnits.get(i.id) ?? 0,
    }));
    const programmeRows: ProgrammeRow[] = figures.programmes.map(programmeSummary);
    const codes = new Map(recognised.map((i) => [i.id, i.code ?? '']));
    const fileRows: FileRow[] = (await this.attachments.publicOf(OWNER_TYPE, ids)).map((a) => ({ id: a.id, initiativeCode: codes.get(a.ownerId as number) ?? '', name: a.originalName, mediaType: a.mediaType, size: a.size }));
    const files: OpenDataFile[] = [];
    // Each dataset as CSV and as JSON.
    const add = <T>(dataset: Dataset<T>, rows: T[]) => {
      files.push(new OpenDataFile({ name: `${dataset.name}.csv`, content: toCsv(dataset, rows), rows: rows.length, generatedAt: now }));
      files.push(new OpenDataFile({ name: `${dataset.name}.json`, content: toJson(dataset, rows), rows: rows.length, generatedAt: now }));
    };
    add(INITIATIVES, initiativeRows);
    add(PROGRAMMES, programmeRows);
    add(FILES, fileRows);
    add(DICTIONARY, dictionary());
    await this.uow.run(async () => {
      // Files of their own: nothing any cache holds.
      this.uow.changes();
      await this.repo.replaceAll(files);
      if (ctx) {
        await this.audit.log(ctx, {
          action: 'open-data.build',
          entityType: 'open-data',
          entityId: null,
          summary: `Tạo lại dữ liệu mở: ${DATASETS.map((d) => `${d.name} (${files.find((f) => f.name === `${d.name}.csv`)?.rows ?? 0} dòng)`).join(', ')}`,
        });
      }
    });
    return files;
  }
}
