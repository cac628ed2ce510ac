import { plainAddress } from './audit.types';

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
