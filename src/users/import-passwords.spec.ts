import { randomBytes } from 'node:crypto';
import { Request, Response } from 'express';
import { HOLD_MINUTES, holdPasswords, openPasswords, PASSWORDS_KEY_COOKIE, passwordsCsv, sealPasswords, takePasswordsFile, viewPasswords } from './import-passwords';

const issued = [
  { username: 'canbo.a', fullName: 'Nguyễn Văn A', password: 'Abc123def456' },
  { username: 'canbo.b', fullName: '=Trần, "B"', password: 'Xyz789uvw012' },
];

/** A request with a session and the cookies the response set, as a browser would send them back. */
function browser() {
  const jar = new Map<string, string>();
  const req = { session: {}, secure: false, headers: {} } as unknown as Request;
  const res = {
    cookie: (name: string, value: string) => jar.set(name, value),
    clearCookie: (name: string) => jar.delete(name),
  } as unknown as Response;
  const send = () => {
    req.headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    return req;
  };
  return { req, res, jar, send };
}

describe('import passwords', () => {
  it('seals them so that only the key opens them', () => {
    const key = randomBytes(32);
    const sealed = sealPasswords(issued, key);
    expect(JSON.stringify(sealed)).not.toContain('Abc123def456');
    expect(openPasswords(sealed, key)).toEqual(issued);
    expect(openPasswords(sealed, randomBytes(32))).toBeNull();
    expect(openPasswords({ ...sealed, data: sealed.data.slice(1) }, key)).toBeNull();
  });

  it('writes a CSV with a BOM, quoting and neutralising what needs it', () => {
    expect(passwordsCsv(issued)).toBe('\uFEFFTên đăng nhập,Họ và tên,Mật khẩu tạm thời\r\ncanbo.a,Nguyễn Văn A,Abc123def456\r\ncanbo.b,"\'=Trần, ""B""",Xyz789uvw012\r\n');
  });

  it('shows them once, gives the file once, and keeps nothing readable in the session', () => {
    const b = browser();
    holdPasswords(b.req, b.res, 7, 'dot-1.csv', issued, 1_000);
    expect(JSON.stringify(b.req.session)).not.toContain('Abc123def456');
    expect(b.jar.has(PASSWORDS_KEY_COOKIE)).toBe(true);

    expect(viewPasswords(b.send(), b.res, 8, 2_000)).toEqual({ kind: 'none' });
    expect(viewPasswords(b.send(), b.res, 7, 2_000)).toMatchObject({ kind: 'fresh', count: 2, fileName: 'dot-1.csv', passwords: issued });
    expect(viewPasswords(b.send(), b.res, 7, 3_000)).toMatchObject({ kind: 'shown', count: 2 });
    expect(takePasswordsFile(b.send(), b.res, 8, 3_000)).toEqual({ refused: { kind: 'none' } });
    expect(takePasswordsFile(b.send(), b.res, 7, 3_000)).toEqual({ passwords: issued });
    expect(b.jar.has(PASSWORDS_KEY_COOKIE)).toBe(false);
    expect(takePasswordsFile(b.send(), b.res, 7, 3_000)).toEqual({ refused: { kind: 'downloaded', count: 2, fileName: 'dot-1.csv' } });
    expect(viewPasswords(b.send(), b.res, 7, 3_000)).toEqual({ kind: 'downloaded', count: 2, fileName: 'dot-1.csv' });
  });

  it('drops them when their time is up or the key cookie is gone', () => {
    const late = browser();
    holdPasswords(late.req, late.res, 7, 'a.csv', issued, 0);
    expect(takePasswordsFile(late.send(), late.res, 7, HOLD_MINUTES * 60_000 + 1)).toEqual({ refused: { kind: 'expired', count: 2, fileName: 'a.csv' } });
    expect(late.req.session.issuedPasswords?.sealed).toBeNull();

    const keyless = browser();
    holdPasswords(keyless.req, keyless.res, 7, 'b.csv', issued, 0);
    keyless.jar.clear();
    expect(viewPasswords(keyless.send(), keyless.res, 7, 1)).toEqual({ kind: 'expired', count: 2, fileName: 'b.csv' });
  });
});
