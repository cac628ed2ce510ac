import { AuditService } from '../audit/audit.service';
import { FormInvalidException } from '../common/exceptions';
import { adminCtx } from '../../test/utils/context';
import { newTestService } from '../../test/utils/mocks';
import { LegalBasisFormDto } from './dto/legal-basis-form.dto';
import { LegalBasis } from './legal-basis.entity';
import { LegalBasesRepository } from './legal-bases.repository';
import { LegalBasesService } from './legal-bases.service';

const ctx = adminCtx();
const form = (v: Partial<LegalBasisFormDto> = {}) =>
  Object.assign(new LegalBasisFormDto(), { docType: 'Quyết định', number: '12/2025/QĐ-UBND', issuedOn: '2025-08-01', issuer: 'UBND tỉnh Quảng Trị', title: 'ban hành Quy chế xét công nhận sáng kiến', validFrom: '', validTo: '', byDefault: '1', position: '40' }, v);
const decree = new LegalBasis({ id: 1, docType: 'Nghị định', number: '13/2012/NĐ-CP', issuedOn: '2012-03-02', issuer: 'Chính phủ', title: 'ban hành Điều lệ Sáng kiến', validFrom: '2012-04-20', validTo: null, byDefault: true, position: 20 });
const old = new LegalBasis({ id: 2, docType: 'Quyết định', number: '05/2018/QĐ-UBND', issuedOn: '2018-03-01', issuer: 'UBND tỉnh', title: 'quy chế cũ', validFrom: null, validTo: '2025-06-30', byDefault: true, position: 40 });

function setup() {
  const { sut, mock } = newTestService(LegalBasesService);
  const repo = mock(LegalBasesRepository);
  repo.save.mockImplementation(async (b) => Object.assign(b, { id: b.id ?? 9 }));
  repo.all.mockResolvedValue([decree, old]);
  repo.byIds.mockImplementation(async (ids) => [decree, old].filter((b) => ids.includes(b.id)));
  repo.findOrFail.mockImplementation(async () => new LegalBasis({ ...old }));
  return { sut, repo, audit: mock(AuditService) };
}

describe(LegalBasesService.name, () => {
  it('adds a document and audits it with its citation', async () => {
    const { sut, repo, audit } = setup();
    const basis = await sut.create(ctx, form());
    expect(basis).toMatchObject({ validFrom: null, validTo: null, byDefault: true, position: 40, issuer: 'UBND tỉnh Quảng Trị' });
    expect(repo.save).toHaveBeenCalledTimes(1);
    expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ action: 'legal-basis.create', summary: 'Thêm căn cứ pháp lý: Quyết định số 12/2025/QĐ-UBND ngày 01/8/2025 của UBND tỉnh Quảng Trị ban hành Quy chế xét công nhận sáng kiến' }));
  });

  it('refuses dates out of order and a bad print order beside their fields, saving nothing', async () => {
    const { sut, repo, audit } = setup();
    await expect(sut.create(ctx, form({ validFrom: '2025-07-01', validTo: '2025-06-30', position: '-1' }))).rejects.toMatchObject({
      errors: { validFrom: 'Ngày có hiệu lực không thể trước ngày ban hành.', validTo: 'Ngày cuối còn hiệu lực phải sau ngày có hiệu lực.', position: 'Thứ tự in là số nguyên không âm (nhỏ in trước).' },
    });
    await expect(sut.update(ctx, 2, form({ validTo: '2020-01-01', issuedOn: '2021-01-01' }))).rejects.toBeInstanceOf(FormInvalidException);
    expect(repo.save).not.toHaveBeenCalled();
    expect(audit.log).not.toHaveBeenCalled();
  });

  it('offers a new round the default documents in force in its year', async () => {
    const { sut } = setup();
    expect((await sut.defaultsFor(2026)).map((b) => b.id)).toEqual([1]);
    expect((await sut.defaultsFor(2024)).map((b) => b.id)).toEqual([1, 2]);
  });

  it('offers a new round of effect and scope the documents ticked for that kind, in force in its year', async () => {
    const { sut, repo } = setup();
    const law = new LegalBasis({ id: 3, docType: 'Luật', number: '06/2022/QH15', issuedOn: '2022-06-15', issuer: 'Quốc hội', title: 'Thi đua, khen thưởng', validFrom: '2024-01-01', validTo: null, byDefault: false, byDefaultEffect: true, position: 10 });
    repo.all.mockResolvedValue([law, decree, old]);
    expect((await sut.defaultsFor(2026, 'effect')).map((b) => b.id)).toEqual([3]);
    expect((await sut.defaultsFor(2023, 'effect')).map((b) => b.id)).toEqual([]);
    expect((await sut.defaultsFor(2026, 'recognition')).map((b) => b.id)).toEqual([1]);
  });

  it('checks what a round is to cite: known documents in force in its year', async () => {
    const { sut } = setup();
    expect((await sut.checkedFor([1, 2, 2], 2024)).errors).toEqual({});
    expect((await sut.checkedFor([2], 2026)).errors).toEqual({ legalBasisIds: 'Quyết định số 05/2018/QĐ-UBND hết hiệu lực từ 01/7/2025, trước năm 2026 của đợt xét.' });
    expect((await sut.checkedFor([404], 2026)).errors).toEqual({ legalBasisIds: 'Căn cứ pháp lý đã chọn không còn trong danh mục.' });
  });
});
