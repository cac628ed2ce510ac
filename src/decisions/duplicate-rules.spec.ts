import { InitiativeStatus } from '../initiatives/initiative-status';
import { afterUndo, duplicateErrors, normaliseCode } from './duplicate-rules';

describe('finding an initiative a repeat of one already filed', () => {
  const mine = { id: 9, code: 'SK-2026-0009', status: InitiativeStatus.UnderReview };
  const earlier = { id: 1, code: 'SK-2022-0001', status: InitiativeStatus.Recognized };

  it('reads a code as people type it', () => {
    expect(normaliseCode('SK-2022-0001')).toBe('SK-2022-0001');
    expect(normaliseCode(' sk-2022-1 ')).toBe('SK-2022-0001');
    expect(normaliseCode('SK 2022 0015')).toBe('SK-2022-0015');
    expect(normaliseCode('2022-0001')).toBeNull();
    expect(normaliseCode('')).toBeNull();
    expect(normaliseCode(undefined)).toBeNull();
  });

  it('takes an existing other initiative with a reason', () => {
    expect(duplicateErrors(mine, { originalCode: 'sk-2022-0001', reason: 'Cùng giải pháp mã QR ở bộ phận một cửa' }, earlier, null)).toEqual({});
  });

  it('says what is wrong beside each field', () => {
    expect(duplicateErrors(mine, { originalCode: '', reason: '' }, null, null)).toEqual({
      originalCode: 'Nhập mã của sáng kiến đã có, ví dụ SK-2022-0001.',
      reason: 'Nêu lý do: hai sáng kiến trùng nhau ở điểm nào.',
    });
    expect(duplicateErrors(mine, { originalCode: 'QR', reason: 'x' }, null, null).originalCode).toBe('Mã sáng kiến có dạng SK-năm-số, ví dụ SK-2022-0001.');
    expect(duplicateErrors(mine, { originalCode: 'SK-2022-0404', reason: 'x' }, null, null).originalCode).toBe('Không có sáng kiến nào mang mã SK-2022-0404.');
    expect(duplicateErrors(mine, { originalCode: 'SK-2026-0009', reason: 'x' }, mine, null).originalCode).toBe('Không thể đánh dấu sáng kiến trùng với chính nó.');
    expect(duplicateErrors(mine, { originalCode: 'SK-2022-0001', reason: 'x'.repeat(2001) }, earlier, null).reason).toBe('Lý do dài quá 2.000 ký tự.');
  });

  it('points from a duplicate to the initiative it repeats', () => {
    const repeat = { id: 5, code: 'SK-2025-0005', status: InitiativeStatus.Duplicate };
    expect(duplicateErrors(mine, { originalCode: 'SK-2025-0005', reason: 'x' }, repeat, { code: 'SK-2022-0001' }).originalCode).toBe('Sáng kiến SK-2025-0005 cũng đã được xác định trùng với SK-2022-0001: hãy ghi SK-2022-0001.');
  });

  it('goes back, when undone, to where it was while its round is open; to the queue once the round has closed', () => {
    expect(afterUndo(InitiativeStatus.UnderReview, { status: 'evaluating' })).toEqual({ status: InitiativeStatus.UnderReview, leavesRound: false });
    expect(afterUndo(InitiativeStatus.Submitted, { status: 'open' })).toEqual({ status: InitiativeStatus.Submitted, leavesRound: false });
    expect(afterUndo(InitiativeStatus.UnderReview, { status: 'closed' })).toEqual({ status: InitiativeStatus.Submitted, leavesRound: true });
    expect(afterUndo(InitiativeStatus.Submitted, null)).toEqual({ status: InitiativeStatus.Submitted, leavesRound: false });
    expect(afterUndo(null, { status: 'open' })).toEqual({ status: InitiativeStatus.Submitted, leavesRound: false });
  });
});
