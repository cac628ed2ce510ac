import { Role } from '../users/roles';
import { REMINDED_UNITS, remindable, reminderMessage, reminderPlan, reminderReach, remindedOn, UNREACHABLE } from './reminders';

describe(reminderReach.name, () => {
  const person = (id: number, unitId: number, roles: Role[], active = true) => ({ id, unitId, fullName: `Người ${id}`, roles, active });

  it('reaches the active focal points of a unit, and says why another cannot be reached', () => {
    const users = [
      person(1, 10, [Role.UnitFocal]),
      person(2, 10, [Role.Author]),
      person(3, 11, [Role.Author]), // no focal point
      person(4, 12, [Role.UnitFocal], false), // focal point locked
      person(5, 13, [Role.Author], false), // nobody active
    ];
    const reach = reminderReach([10, 11, 12, 13, 14], users, (u) => u);
    expect(reach.get(10)).toEqual({ reachable: true, people: [users[0]], why: '' });
    expect(reach.get(11)).toEqual({ reachable: false, people: [], why: UNREACHABLE.noFocal });
    expect(reach.get(12)).toEqual({ reachable: false, people: [], why: UNREACHABLE.focalLocked });
    expect(reach.get(13)).toEqual({ reachable: false, people: [], why: UNREACHABLE.noActiveUser });
    expect(reach.get(14)).toEqual({ reachable: false, people: [], why: UNREACHABLE.noActiveUser });
  });

  it('reaches a unit merged since through the focal points of the unit it now belongs to', () => {
    const users = [person(1, 20, [Role.UnitFocal])];
    const reach = reminderReach([15], users, (u) => (u === 15 ? 20 : u));
    expect(reach.get(15)?.reachable).toBe(true);
    expect(reach.get(15)?.people.map((p) => p.id)).toEqual([1]);
  });

  it('says precisely what a reminder did: units and people reached, who could not be and why, e-mail sent or failed', () => {
    expect(reminderMessage({ units: 2, people: 3, unreachable: [], email: null })).toBe('Đã gửi nhắc nhở tới 2 đơn vị (3 đầu mối), hiện trên trang chủ của họ.');
    expect(reminderMessage({ units: 1, people: 1, unreachable: [{ name: 'UBND xã Vĩnh Ô', why: UNREACHABLE.noFocal }], email: { sent: 1, failed: 0, pending: false } })).toBe(
      'Đã gửi nhắc nhở tới 1 đơn vị (1 đầu mối), hiện trên trang chủ của họ và qua thư điện tử (1 thư). 1 đơn vị không nhắc được: UBND xã Vĩnh Ô (chưa có đầu mối CCHC).',
    );
    expect(reminderMessage({ units: 1, people: 2, unreachable: [], email: { sent: 0, failed: 2, pending: false } })).toContain('Không gửi được 2 thư điện tử (máy chủ thư không nhận); nhắc nhở vẫn hiện trên trang chủ của người nhận.');
    expect(reminderMessage({ units: 0, people: 0, unreachable: [{ name: 'Phòng Nội vụ', why: UNREACHABLE.noFocal }], email: null })).toMatch(/^Chưa gửi được nhắc nhở nào/);
  });

  it('says that e-mail still going when the page answered is being sent, with what has gone so far, and where its outcome will be', () => {
    const slow = reminderMessage({ units: 2, people: 2, unreachable: [], email: { sent: 0, failed: 0, pending: true } });
    expect(slow).toBe('Đã gửi nhắc nhở tới 2 đơn vị (2 đầu mối), hiện trên trang chủ của họ. Thư điện tử vẫn đang được gửi (máy chủ thư trả lời chậm). Kết quả gửi thư sẽ được ghi vào Nhật ký; nhắc nhở đã hiện trên trang chủ của người nhận.');
    const partly = reminderMessage({ units: 3, people: 3, unreachable: [], email: { sent: 1, failed: 1, pending: true } });
    expect(partly).toContain('Thư điện tử vẫn đang được gửi (máy chủ thư trả lời chậm); đến lúc này đã gửi 1 thư, không gửi được 1 thư.');
    expect(partly).not.toContain('qua thư điện tử (1 thư)');
    expect(partly).not.toContain('máy chủ thư không nhận');
  });
});

describe(remindedOn.name, () => {
  const event = (at: string, unitIds: unknown, action = 'programme.remind') => ({ action, at: new Date(at), changes: [{ field: REMINDED_UNITS, before: null, after: unitIds }] });

  it('gives the units reminded on a day in Vietnam, with the time of their last reminder', () => {
    const got = remindedOn(
      [
        event('2026-12-05T17:30:00Z', [12]), // 00:30 on 06/12 in Vietnam
        event('2026-12-06T02:00:00Z', [12, 9]),
        event('2026-12-05T16:59:00Z', [7]), // 23:59 on 05/12: the day before
        event('2026-12-06T03:00:00Z', [8], 'programme.update'),
        { action: 'programme.remind', at: new Date('2026-12-06T04:00:00Z'), changes: null }, // the e-mail's outcome
      ],
      '2026-12-06',
    );
    expect(got).toEqual(
      new Map([
        [12, new Date('2026-12-06T02:00:00Z')],
        [9, new Date('2026-12-06T02:00:00Z')],
      ]),
    );
  });
});

describe(reminderPlan.name, () => {
  const today = new Map([[12, new Date('2026-12-06T02:00:00Z')]]);

  it('skips a unit reminded today, and reminds the others', () => {
    expect(reminderPlan([9, 12], today, '')).toEqual({ send: [9], skipped: [12], again: [] });
  });

  it('reminds again within the day when a reason is given', () => {
    expect(reminderPlan([9, 12], today, 'Sắp họp giao ban')).toEqual({ send: [9, 12], skipped: [], again: [12] });
  });
});

describe('reminderMessage, after reminders skipped or repeated', () => {
  it('names the units not reminded again and the time of their reminder, and how to remind again', () => {
    const at = new Date('2026-12-06T02:15:00Z'); // 09:15 in Vietnam
    expect(reminderMessage({ units: 0, people: 0, unreachable: [], email: null, skipped: [{ name: 'UBND xã Vĩnh Thái', at }] })).toBe(
      'Không gửi nhắc nhở mới. 1 đơn vị đã được nhắc hôm nay nên không nhắc lại: UBND xã Vĩnh Thái (lúc 09:15). Muốn nhắc lại trong ngày, ghi lý do nhắc lại.',
    );
    expect(reminderMessage({ units: 1, people: 1, unreachable: [], email: null, skipped: [{ name: 'UBND xã Vĩnh Thái', at }] })).toBe(
      'Đã gửi nhắc nhở tới 1 đơn vị (1 đầu mối), hiện trên trang chủ của họ. 1 đơn vị đã được nhắc hôm nay nên không nhắc lại: UBND xã Vĩnh Thái (lúc 09:15). Muốn nhắc lại trong ngày, ghi lý do nhắc lại.',
    );
  });

  it('says which units were reminded again, with the reason', () => {
    expect(reminderMessage({ units: 1, people: 1, unreachable: [], email: null, again: { units: 1, reason: 'Sắp họp giao ban' } })).toBe('Đã gửi nhắc nhở tới 1 đơn vị (1 đầu mối), hiện trên trang chủ của họ. Nhắc lại trong ngày 1 đơn vị, lý do: Sắp họp giao ban.');
  });
});

describe(remindable.name, () => {
  // 1 in force; 2 merged into 1; 3 ended without a successor; 4 merged into 3.
  const rollUp = (u: number) => ({ 2: 1, 4: 3 })[u] ?? u;
  const ended = new Set([2, 3, 4]);

  it('keeps the units answered for by a unit in force, itself or its successor, and drops those that ended without one', () => {
    expect(remindable([1, 2, 3, 4], rollUp, (u) => !ended.has(u))).toEqual([1, 2]);
  });
});
