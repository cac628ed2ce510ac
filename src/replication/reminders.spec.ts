import { Role } from '../users/roles';
import { reminderMessage, reminderReach, UNREACHABLE } from './reminders';

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
