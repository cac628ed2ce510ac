import { RoundKind } from '../rounds/round-kind';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { diffFields } from '../audit/audit.types';
import { FieldErrors, FormInvalidException } from '../common/exceptions';
import { RequestContext } from '../common/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { LegalBasisFormDto } from './dto/legal-basis-form.dto';
import { LegalBasis } from './legal-basis.entity';
import { citation, citationRefusal, inForceIn, inPrintOrder } from './legal-basis-rules';
import { LegalBasesRepository } from './legal-bases.repository';

const AUDITED: (keyof LegalBasis)[] = ['docType', 'number', 'issuedOn', 'issuer', 'title', 'validFrom', 'validTo', 'byDefault', 'byDefaultEffect', 'position'];

/**
 * The register of legal bases (kept by the system administrator) and the bases each round
 * cites: its decisions print them as their "Căn cứ" lines, so a round of an earlier year keeps
 * citing what was in force then.
 */
@Injectable()
export class LegalBasesService {
  constructor(
    private readonly repo: LegalBasesRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  all(): Promise<LegalBasis[]> {
    return this.repo.all();
  }

  findOrFail(id: number): Promise<LegalBasis> {
    return this.repo.findOrFail(id);
  }

  async create(ctx: RequestContext, dto: LegalBasisFormDto): Promise<LegalBasis> {
    return this.uow.run(async () => {
      this.uow.changes(); // the register of legal bases: nothing any cache holds
      const basis = await this.repo.save(new LegalBasis(fieldsOf(dto)));
      await this.audit.log(ctx, { action: 'legal-basis.create', entityType: 'legal-basis', entityId: basis.id, summary: `Thêm căn cứ pháp lý: ${citation(basis)}`, changes: diffFields<LegalBasis>(null, basis, AUDITED) });
      return basis;
    });
  }

  async update(ctx: RequestContext, id: number, dto: LegalBasisFormDto): Promise<LegalBasis> {
    return this.uow.run(async () => {
      this.uow.changes();
      const basis = await this.repo.findOrFail(id);
      const before = { ...basis };
      Object.assign(basis, fieldsOf(dto));
      await this.repo.save(basis);
      const changes = diffFields<LegalBasis>(before, basis, AUDITED);
      if (changes.length) await this.audit.log(ctx, { action: 'legal-basis.update', entityType: 'legal-basis', entityId: id, summary: `Sửa căn cứ pháp lý: ${citation(basis)}`, changes });
      return basis;
    });
  }

  /** The documents a round cites, in the order they print. */
  ofRound(roundId: number): Promise<LegalBasis[]> {
    return this.repo.ofRound(roundId);
  }

  /** What a new round of `year` cites unless the form says otherwise: the default documents in force that year. */
  /** The documents ticked for a new round of this kind, in force in its year. */
  async defaultsFor(year: number, kind: RoundKind = 'recognition'): Promise<LegalBasis[]> {
    return (await this.repo.all()).filter((b) => (kind === 'effect' ? b.byDefaultEffect : b.byDefault) && inForceIn(b, year));
  }

  /**
   * The documents a round of `year` is to cite, checked: each must exist and be in force in
   * that year; in the order they print. Refusals are for the form's field `field`.
   */
  async checkedFor(ids: number[], year: number, field = 'legalBasisIds'): Promise<{ bases: LegalBasis[]; errors: FieldErrors }> {
    const unique = [...new Set(ids)];
    const bases = inPrintOrder(await this.repo.byIds(unique));
    const errors: FieldErrors = {};
    if (bases.length !== unique.length) errors[field] = 'Căn cứ pháp lý đã chọn không còn trong danh mục.';
    else {
      const refusals = bases.map((b) => citationRefusal(b, year)).filter((r): r is string => r !== null);
      if (refusals.length) errors[field] = refusals.join(' ');
    }
    return { bases, errors };
  }

  /** Replaces what a round cites (inside the round's own transaction). */
  setForRound(roundId: number, ids: number[]): Promise<void> {
    return this.repo.setForRound(roundId, [...new Set(ids)]);
  }
}

/** The entity's fields from the form; dates checked beside their fields. */
function fieldsOf(dto: LegalBasisFormDto): Partial<LegalBasis> {
  const errors: FieldErrors = {};
  const validFrom = dto.validFrom || null;
  const validTo = dto.validTo || null;
  if (validFrom && validFrom < dto.issuedOn) errors.validFrom = 'Ngày có hiệu lực không thể trước ngày ban hành.';
  if (validTo && validTo < (validFrom ?? dto.issuedOn)) errors.validTo = 'Ngày cuối còn hiệu lực phải sau ngày có hiệu lực.';
  const position = dto.position.trim() === '' ? 0 : Number(dto.position);
  if (!Number.isInteger(position) || position < 0) errors.position = 'Thứ tự in là số nguyên không âm (nhỏ in trước).';
  if (Object.keys(errors).length) throw new FormInvalidException(errors);
  return { docType: dto.docType, number: dto.number, issuedOn: dto.issuedOn, issuer: dto.issuer.trim(), title: dto.title, validFrom, validTo, byDefault: dto.byDefault === '1', byDefaultEffect: dto.byDefaultEffect === '1', position };
}
