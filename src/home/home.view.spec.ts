import { greeting } from './home.view';

describe(greeting.name, () => {
  it('does not repeat the unit a position already names', () => {
    expect(greeting('Hoàng Minh Tuấn', 'Chuyên viên Phòng Nội vụ, quản trị hệ thống', 'Phòng Nội vụ')).toBe('Hoàng Minh Tuấn, Chuyên viên Phòng Nội vụ, quản trị hệ thống');
    expect(greeting('Đặng Thị Mai Hương', 'Trưởng phòng Nội vụ', 'Phòng Nội vụ')).toBe('Đặng Thị Mai Hương, Trưởng phòng Nội vụ');
  });

  it('adds the unit when the position does not name it, or when there is no position', () => {
    expect(greeting('Ngô Thị Thanh Hà', 'Công chức Văn phòng - Thống kê', 'UBND xã Vĩnh Hòa')).toBe('Ngô Thị Thanh Hà, Công chức Văn phòng - Thống kê — UBND xã Vĩnh Hòa');
    expect(greeting('Lê Văn A', '', 'UBND xã Vĩnh Hòa')).toBe('Lê Văn A — UBND xã Vĩnh Hòa');
    expect(greeting('Lê Văn A', null, '')).toBe('Lê Văn A');
  });
});
