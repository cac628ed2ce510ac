import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { AuthorityProfile } from './authority-profile.entity';

/** Every query on `authority_profiles`, inside the current unit of work when there is one. */
@Injectable()
export class AuthoritiesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get profiles() {
    return this.uow.repository(AuthorityProfile);
  }

  /** The versions of a unit's profile, latest first. */
  versions(unitId: number): Promise<AuthorityProfile[]> {
    return this.profiles.find({ where: { unitId }, order: { validFrom: 'DESC' } });
  }

  /** The versions of these units' profiles, latest first. */
  versionsOf(unitIds: number[]): Promise<AuthorityProfile[]> {
    if (unitIds.length === 0) return Promise.resolve([]);
    return this.profiles.find({ where: { unitId: In(unitIds) }, order: { validFrom: 'DESC' } });
  }

  version(unitId: number, validFrom: string): Promise<AuthorityProfile | null> {
    return this.profiles.findOne({ where: { unitId, validFrom } });
  }

  save(profile: AuthorityProfile): Promise<AuthorityProfile> {
    return this.profiles.save(profile);
  }
}
