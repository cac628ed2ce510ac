import { AttachmentsService } from '../attachments/attachments.service';
import { Attachment } from '../attachments/attachment.entity';
import { AuditService } from '../audit/audit.service';
import { Decision } from '../decisions/decision.entity';
import { DecisionsService } from '../decisions/decisions.service';
import { FieldsService } from '../fields/fields.service';
import { Field } from '../fields/field.entity';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativeStatus, RecognitionLevel } from '../initiatives/initiative-status';
import { InitiativesService } from '../initiatives/initiatives.service';
import { ReplicationService, UnitHistory } from '../replication/replication.service';
import { Programme } from '../replication/programme.entity';
import { Unit } from '../units/unit.entity';
import { adminCtx } from '../../test/utils/context';
import { newTestService } from '../../test/utils/mocks';
import { OpenDataFile } from './open-data-file.entity';
import { OpenDataRepository } from './open-data.repository';
import { OpenDataService } from './open-data.service';

function setup() {
  const t = newTestService(OpenDataService);
  const initiatives = t.mock(InitiativesService);
  initiatives.recognised.mockResolvedValue([
    new Initiative({ id: 5, code: 'SK-2022-0005', year: 2022, title: 'Mã QR', unitId: 11, unit: new Unit({ id: 11, name: 'UBND xã Vĩnh Thái' }), fieldId: 3, level: RecognitionLevel.Unit, status: InitiativeStatus.Recognized }),
  ]);
  t.mock(FieldsService).all.mockResolvedValue([new Field({ id: 3, name: 'Cải cách thủ tục hành chính' })]);
  // The latest decision first: a later recognition is the one in force.
  t.mock(DecisionsService).forInitiatives.mockResolvedValue([
    new Decision({ initiativeId: 5, outcome: 'recognized', number: '20/QĐ-UBND', date: '2022-12-20' }),
    new Decision({ initiativeId: 5, outcome: 'not_recognized', number: '9/QĐ-UBND', date: '2022-06-01' }),
  ]);
  const replication = t.mock(ReplicationService);
  replication.openDataFigures.mockResolvedValue({
    programmes: [{ programme: new Programme({ id: 2, year: 2023, title: 'Nhân rộng 2023', issuingUnit: new Unit({ name: 'UBND huyện Vĩnh Linh' }), decisionNumber: '12/KH-UBND', decisionDate: '2023-02-01', reportDeadline: '2023-11-30' }), records: 8, adopted: 4, units: 6, initiatives: 2 }],
    adoptedUnits: new Map([[5, 2]]),
  });
  replication.unitHistory.mockResolvedValue({ currentName: (id: number) => (id === 11 ? 'UBND xã Vĩnh Hoàng' : '') } as unknown as UnitHistory);
  t.mock(AttachmentsService).publicOf.mockResolvedValue([new Attachment({ id: 40, ownerId: 5, originalName: 'Tờ trình.pdf', mediaType: 'application/pdf', size: 1234 })]);
  return { ...t, repo: t.mock(OpenDataRepository), audit: t.mock(AuditService) };
}

describe(OpenDataService.name, () => {
  it('builds every file of the bundle in one transaction, from the features’ services, and audits a build an administrator asked for', async () => {
    const { sut, repo, audit } = setup();
    const now = new Date('2026-12-06T20:00:00Z');
    const files = await sut.build(adminCtx(), now);
    expect(files.map((f) => f.name)).toEqual([
      'sang-kien.csv', 'sang-kien.json', 'ke-hoach-nhan-rong.csv', 'ke-hoach-nhan-rong.json', 'tep-cong-khai.csv', 'tep-cong-khai.json', 'tu-dien-du-lieu.csv', 'tu-dien-du-lieu.json',
    ]);
    expect(repo.replaceAll).toHaveBeenCalledWith(files);
    const initiatives = JSON.parse((files[1] as OpenDataFile).content);
    expect(initiatives).toEqual([
      { ma: 'SK-2022-0005', nam: 2022, ten: 'Mã QR', don_vi: 'UBND xã Vĩnh Thái', don_vi_hien_nay: 'UBND xã Vĩnh Hoàng', linh_vuc: 'Cải cách thủ tục hành chính', pham_vi_anh_huong: 'Cấp cơ sở', so_quyet_dinh: '20/QĐ-UBND', ngay_quyet_dinh: '2022-12-20', so_don_vi_da_ap_dung: 2, dia_chi: '/catalogue/5' },
    ]);
    expect(JSON.parse(files[3].content)[0]).toMatchObject({ ten: 'Nhân rộng 2023', don_vi_ban_hanh: 'UBND huyện Vĩnh Linh', so_ban_ghi: 8, so_ban_ghi_da_ap_dung: 4, ty_le_ap_dung: 0.5 });
    expect(JSON.parse(files[5].content)).toEqual([{ ma_sang_kien: 'SK-2022-0005', ten_tep: 'Tờ trình.pdf', loai: 'application/pdf', kich_thuoc: 1234, dia_chi: '/attachments/40' }]);
    expect(files.every((f) => f.generatedAt === now)).toBe(true);
    expect(audit.log).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ action: 'open-data.build', summary: 'Tạo lại dữ liệu mở: sang-kien (1 dòng), ke-hoach-nhan-rong (1 dòng), tep-cong-khai (1 dòng)' }));
  });

  it('builds on schedule only when the day’s build is due, without an audit entry', async () => {
    const { sut, repo, audit } = setup();
    repo.list.mockResolvedValue([new OpenDataFile({ name: 'sang-kien.csv', rows: 1, generatedAt: new Date('2026-12-06T20:30:00Z') })]);
    expect(await sut.buildIfDue(new Date('2026-12-07T09:00:00Z'))).toBe(false);
    expect(repo.replaceAll).not.toHaveBeenCalled();
    expect(await sut.buildIfDue(new Date('2026-12-07T20:00:00Z'))).toBe(true);
    expect(repo.replaceAll).toHaveBeenCalledTimes(1);
    expect(audit.log).not.toHaveBeenCalled();
  });
});
