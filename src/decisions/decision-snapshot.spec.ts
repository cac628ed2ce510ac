import { defaultProfile } from '../authorities/authority-profile';
import { UnitKind } from '../units/unit-kinds';
import { buildSnapshot, readSnapshot } from './decision-snapshot';

const authority = {
  unitId: 7,
  lines: ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG TRỊ'],
  name: 'Ủy ban nhân dân tỉnh Quảng Trị',
  place: 'Quảng Trị',
  symbol: 'QĐ-UBND',
  headTitle: 'CHỦ TỊCH',
  recipients: ['Chánh Văn phòng'],
};

describe('the snapshot of what a decision’s documents print', () => {
  it('keeps the authority, the signature block and the members as they were, copied', () => {
    const members = [{ memberId: 3, name: 'Trương Quang Vinh', position: 'Phó Chủ tịch UBND huyện', role: 'Chủ tịch hội đồng' }];
    const snapshot = buildSnapshot(authority, { mode: 'kt', headTitle: 'CHỦ TỊCH', signerTitle: 'PHÓ CHỦ TỊCH', name: 'Trương Quang Vinh' }, members);
    expect(snapshot.signer.lines).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    // Later changes to what it was built from do not reach it.
    authority.lines.push('X');
    members[0].position = 'Chủ tịch UBND tỉnh';
    expect(snapshot.authority.lines).toEqual(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG TRỊ']);
    expect(snapshot.members[0].position).toBe('Phó Chủ tịch UBND huyện');
    authority.lines.pop();
  });

  it('reads back what it stored, and nothing from what it cannot read', () => {
    const stored = buildSnapshot(authority, { mode: 'tm', headTitle: 'ỦY BAN NHÂN DÂN', signerTitle: 'CHỦ TỊCH', name: 'A' }, []);
    expect(readSnapshot(JSON.stringify(stored))).toEqual(stored);
    expect(readSnapshot(null)).toBeNull();
    expect(readSnapshot('{not json')).toBeNull();
    expect(readSnapshot('42')).toBeNull();
    // A partial snapshot reads with what it has; an unknown mode reads as the head's own name.
    const partial = readSnapshot(JSON.stringify({ authority: { lines: ['UBND HUYỆN VĨNH LINH', 3] }, signer: { mode: 'x', headTitle: 'CHỦ TỊCH' } }));
    expect(partial?.authority.lines).toEqual(['UBND HUYỆN VĨNH LINH']);
    expect(partial?.signer.lines).toEqual(['CHỦ TỊCH']);
    expect(partial?.members).toEqual([]);
  });

  it('derives the defaults of a unit without a profile from its name and kind', () => {
    expect(defaultProfile({ name: 'UBND huyện Vĩnh Linh', kind: UnitKind.District })).toMatchObject({ lines: ['UBND HUYỆN VĨNH LINH'], place: 'Vĩnh Linh', symbol: 'QĐ-UBND', headTitle: 'CHỦ TỊCH', name: 'Ủy ban nhân dân huyện Vĩnh Linh' });
    expect(defaultProfile({ name: 'Sở Nội vụ', kind: UnitKind.Department, parent: { name: 'Tỉnh Quảng Trị', kind: UnitKind.Province } })).toMatchObject({ lines: ['UBND TỈNH QUẢNG TRỊ', 'SỞ NỘI VỤ'], place: 'Quảng Trị', symbol: 'QĐ', headTitle: 'THỦ TRƯỞNG ĐƠN VỊ' });
    expect(defaultProfile({ name: 'Côn Cỏ', kind: UnitKind.SpecialZone })).toMatchObject({ lines: ['UBND ĐẶC KHU CÔN CỎ'], place: 'Côn Cỏ' });
  });
});
