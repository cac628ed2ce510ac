import { Injectable } from '@nestjs/common';
import { formatDate, todayIso } from '../common/dates';
import { LegalBasis } from './legal-basis.entity';
import { citation, inForceIn } from './legal-basis-rules';
import { LegalBasesService } from './legal-bases.service';

/** A document as the register and the round form list it. */
export function legalBasisView(b: LegalBasis, year = Number(todayIso().slice(0, 4))) {
  return {
    id: b.id,
    citation: citation(b),
    inForce: inForceIn(b, year),
    period: `${b.validFrom ? `từ ${formatDate(b.validFrom)}` : `ban hành ${formatDate(b.issuedOn)}`}${b.validTo ? ` đến hết ${formatDate(b.validTo)}` : ''}`,
    byDefault: b.byDefault,
    byDefaultEffect: b.byDefaultEffect,
  };
}

@Injectable()
export class LegalBasesView {
  constructor(private readonly bases: LegalBasesService) {}

  async index() {
    return { title: 'Căn cứ pháp lý', bases: (await this.bases.all()).map((b) => legalBasisView(b)) };
  }

  form(basis: LegalBasis | null) {
    const values = basis
      ? { ...basis, validFrom: basis.validFrom ?? '', validTo: basis.validTo ?? '', byDefault: basis.byDefault ? '1' : '', byDefaultEffect: basis.byDefaultEffect ? '1' : '', position: String(basis.position) }
      : { position: '0' };
    return {
      title: basis ? `Sửa căn cứ pháp lý: ${citation(basis)}` : 'Thêm căn cứ pháp lý',
      basis,
      action: basis ? `/legal-bases/${basis.id}/edit` : '/legal-bases/new',
      form: { values, errors: {} },
    };
  }
}
