import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { todayIso } from '../common/dates';
import { EntityNotFound, FormInvalidException } from '../common/exceptions';
import { RequestContext } from '../common/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { AuthoritiesRepository } from './authorities.repository';
import { AuthorityProfileData, defaultProfile, linesOf } from './authority-profile';
import { AuthorityProfile } from './authority-profile.entity';
import { AuthorityProfileDto } from './dto/authority-profile.dto';

/** A unit's authority as it stood on a day: its profile version then, or the defaults. */
export interface Authority extends AuthorityProfileData {
  unitId: number;
  unit: Unit;
  /** The version in force on that day; null when the defaults are used. */
  versionFrom: string | null;
}

export function profileData(p: AuthorityProfile): AuthorityProfileData {
  return { lines: linesOf(p.headingLines), name: p.name, place: p.place, symbol: p.symbol, headTitle: p.headTitle, recipients: linesOf(p.recipients) };
}

/** The version in force on a day: the latest from that day or before (versions latest first). */
export function versionOn(versions: AuthorityProfile[], day: string): AuthorityProfile | null {
  return versions.find((v) => v.validFrom <= day) ?? null;
}

/** What each organising unit prints on the documents it issues, version by version. */
@Injectable()
export class AuthoritiesService {
  constructor(
    private readonly repo: AuthoritiesRepository,
    private readonly units: UnitsService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  private async unitWithParent(unitId: number): Promise<Unit> {
    const unit = await this.units.find(unitId);
    if (!unit) throw new EntityNotFound('unit', unitId);
    if (unit.parentId && !unit.parent) unit.parent = await this.units.find(unit.parentId);
    return unit;
  }

  versions(unitId: number): Promise<AuthorityProfile[]> {
    return this.repo.versions(unitId);
  }

  /** The unit's authority on a day (today when none is given). */
  async on(unitId: number, day: string | null = null): Promise<Authority> {
    const [unit, versions] = await Promise.all([this.unitWithParent(unitId), this.repo.versions(unitId)]);
    const version = versionOn(versions, day ?? todayIso());
    return { ...(version ? profileData(version) : defaultProfile(unit)), unitId, unit, versionFrom: version?.validFrom ?? null };
  }

  /** The defaults derived from the unit (what it prints with no profile). */
  async defaults(unitId: number): Promise<AuthorityProfileData> {
    return defaultProfile(await this.unitWithParent(unitId));
  }

  /** Records a version of the profile from a date on (the version of that same date is replaced). */
  async save(ctx: RequestContext, unitId: number, dto: AuthorityProfileDto): Promise<AuthorityProfile> {
    return this.uow.run(async () => {
      const unit = await this.unitWithParent(unitId);
      const lines = linesOf(dto.headingLines);
      if (lines.length > 4) throw new FormInvalidException({ headingLines: 'Tên cơ quan ở đầu văn bản có nhiều nhất 4 dòng.' });
      const existing = await this.repo.version(unitId, dto.validFrom);
      const row = existing ?? new AuthorityProfile({ unitId, validFrom: dto.validFrom });
      Object.assign(row, {
        headingLines: lines.map((l) => l.toLocaleUpperCase('vi-VN')).join('\n'),
        name: dto.name.trim(),
        place: dto.place.trim(),
        symbol: dto.symbol.trim(),
        headTitle: dto.headTitle.trim().toLocaleUpperCase('vi-VN'),
        recipients: linesOf(dto.recipients).join('\n'),
      });
      const saved = await this.repo.save(row);
      await this.audit.log(ctx, {
        action: 'unit.update',
        entityType: 'unit',
        entityId: unitId,
        summary: `${existing ? 'Sửa' : 'Ghi'} thông tin cơ quan ban hành của ${unit.name} từ ngày ${dto.validFrom.split('-').reverse().join('/')}: ${saved.headingLines.split('\n').join(' / ')}`,
      });
      // Documents are read fresh on every request: nothing cached depends on a profile.
      this.uow.changes();
      return saved;
    });
  }
}
