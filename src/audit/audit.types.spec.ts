import { activityLine, plainAddress } from './audit.types';

describe(plainAddress.name, () => {
  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:10.1.2.3', '10.1.2.3'],
    ['0:0:0:0:0:ffff:192.168.1.20', '192.168.1.20'],
    ['0000:0000:0000:0000:0000:ffff:8.8.8.8', '8.8.8.8'],
    ['::ffff:7f00:1', '127.0.0.1'],
    ['::ffff:c0a8:0114', '192.168.1.20'],
    [' ::ffff:127.0.0.1 ', '127.0.0.1'],
  ])('shows the IPv4-mapped address %s as %s', (input, expected) => {
    expect(plainAddress(input)).toBe(expected);
  });

  it.each([
    ['127.0.0.1'],
    ['::1'],
    ['2001:db8::ffff:1.2.3.4'],
    ['fe80::1'],
    ['2001:db8::1'],
    ['::ffff:zz'],
    [''],
  ])('keeps %p as it is', (input) => {
    expect(plainAddress(input)).toBe(input);
  });

  it('reads a missing address as empty', () => {
    expect(plainAddress(undefined)).toBe('');
    expect(plainAddress(null)).toBe('');
  });
});

describe(activityLine.name, () => {
  it('drops a summary that only repeats the action label', () => {
    expect(activityLine('Đăng nhập', 'Đăng nhập')).toEqual({ actionLabel: 'Đăng nhập', summary: null });
    expect(activityLine('Đăng xuất', ' đăng xuất. ')).toEqual({ actionLabel: 'Đăng xuất', summary: null });
    expect(activityLine('Đăng nhập', '')).toEqual({ actionLabel: 'Đăng nhập', summary: null });
  });

  it('keeps a summary that says more', () => {
    expect(activityLine('Đổi mật khẩu', 'Tự đổi mật khẩu')).toEqual({ actionLabel: 'Đổi mật khẩu', summary: 'Tự đổi mật khẩu' });
    expect(activityLine('Tạo đơn vị', 'Tạo đơn vị Xã Vĩnh Thái')).toEqual({ actionLabel: 'Tạo đơn vị', summary: 'Tạo đơn vị Xã Vĩnh Thái' });
  });
});
