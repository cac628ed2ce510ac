import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { EntityNotFound } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { LegalBasis, RoundLegalBasis } from './legal-basis.entity';
import { inPrintOrder } from './legal-basis-rules';

/** Every query on `legal_bases` and `round_legal_bases`, inside the current unit of work when there is one. */
@Injectable()
export class LegalBasesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get bases() {
    return this.uow.repository(LegalBasis);
  }

  /** Every document, in the order the "Căn cứ" lines print. */
  all(): Promise<LegalBasis[]> {
    return this.bases.find({ order: { position: 'ASC', issuedOn: 'ASC', id: 'ASC' } });
  }

  byIds(ids: number[]): Promise<LegalBasis[]> {
    return ids.length ? this.bases.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  async findOrFail(id: number): Promise<LegalBasis> {
    const basis = await this.bases.findOne({ where: { id } });
    if (!basis) throw new EntityNotFound('legal-basis', id);
    return basis;
  }

  save(basis: LegalBasis): Promise<LegalBasis> {
    return this.bases.save(basis);
  }

  /** The documents a round cites, in the order they print. */
  async ofRound(roundId: number): Promise<LegalBasis[]> {
    const links = await this.uow.repository(RoundLegalBasis).find({ where: { roundId }, relations: { legalBasis: true } });
    return inPrintOrder(links.map((l) => l.legalBasis).filter((b): b is LegalBasis => Boolean(b)));
  }

  /** Replaces what a round cites. */
  async setForRound(roundId: number, ids: number[]): Promise<void> {
    const links = this.uow.repository(RoundLegalBasis);
    await links.delete({ roundId });
    for (const legalBasisId of ids) await links.save(new RoundLegalBasis({ roundId, legalBasisId }));
  }
}
