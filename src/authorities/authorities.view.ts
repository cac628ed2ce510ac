import { Injectable } from '@nestjs/common';
import { formatDate, todayIso } from '../common/dates';
import { AuthoritiesService, profileData } from './authorities.service';

/** The page of a unit's authority profile: the version in force, the history, the form of a new version. */
@Injectable()
export class AuthoritiesView {
  constructor(private readonly authorities: AuthoritiesService) {}

  async form(unitId: number, withValues = true) {
    const [current, versions] = await Promise.all([this.authorities.on(unitId), this.authorities.versions(unitId)]);
    const { unit } = current;
    return {
      title: `Thông tin cơ quan ban hành: ${unit.name}`,
      unit: { id: unit.id, name: unit.name, code: unit.code },
      usesDefaults: current.versionFrom === null,
      current: { ...current, versionFrom: current.versionFrom ? formatDate(current.versionFrom) : null },
      versions: versions.map((v) => ({ ...profileData(v), validFrom: formatDate(v.validFrom) })),
      action: `/units/${unit.id}/authority`,
      form: {
        values: withValues
          ? {
              validFrom: todayIso(),
              headingLines: current.lines.join('\n'),
              name: current.name,
              place: current.place,
              symbol: current.symbol,
              headTitle: current.headTitle,
              recipients: current.recipients.join('\n'),
            }
          : {},
        errors: {},
      },
    };
  }
}
