import TestAgent from 'supertest/lib/agent';
import { UnitsService } from '../src/units/units.service';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId, userId } from './helpers/test-app';

/**
 * Personal access tokens of the JSON API: made on the account's page and shown once, kept
 * hashed, acting read-only with their owner's access rules (a focal point's token sees its
 * units' initiatives only), refused when missing, revoked or their owner is locked out.
 */
describe('personal access tokens of the JSON API', () => {
  let t: TestApp;
  let focal: TestAgent;
  let token: string;
  let tokenId: number;

  const api = (path: string, bearer?: string) => {
    const req = t.agent().get(path);
    return bearer ? req.set('Authorization', `Bearer ${bearer}`) : req;
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    focal = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it('is made on the account’s page, refused without a name beside the field, shown once and kept hashed', async () => {
    const page = await focal.get('/account/tokens');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label class="form-label" for="f-name">Tên mã (để nhận ra về sau)');
    const blank = await focal.post('/account/tokens').type('form').send({ _csrf: csrfOf(page.text), name: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('id="f-name-error">Vui lòng đặt tên cho mã truy cập');
    expect(await count(t.db, 'api_tokens')).toBe(0);
    const made = await focal.post('/account/tokens').type('form').send({ _csrf: csrfOf(page.text), name: 'Bảng theo dõi của xã' });
    expect(made.status).toBe(303);
    const shown = await focal.get('/account/tokens');
    token = /id="new-token" type="text" readonly value="(sk_[A-Za-z0-9_-]+)"/.exec(shown.text)?.[1] ?? '';
    expect(token).toMatch(/^sk_/);
    // Once only.
    expect((await focal.get('/account/tokens')).text).not.toContain(token);
    const [row] = await t.db.query('SELECT id, "tokenHash", prefix FROM api_tokens');
    tokenId = Number(row.id);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token.slice(3));
    expect(row.prefix).toBe(token.slice(0, 10));
    expect(await count(t.db, 'audit_events', `action = 'api.token.create'`)).toBe(1);
  });

  it('is needed by the internal endpoints: 401 in JSON without it or with a wrong one', async () => {
    const none = await api('/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.body.message).toContain('Cần mã truy cập cá nhân');
    const wrong = await api('/api/v1/me', `sk_${'x'.repeat(43)}`);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ statusCode: 401, message: 'Mã truy cập không đúng hoặc đã bị thu hồi.' });
    const me = await api('/api/v1/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'daumoi.vinhthai', fullName: 'Dương Thị Kim Thoa' });
    // A token opens no page.
    expect((await api('/initiatives', token)).status).toBe(303);
  });

  it('reads what its owner may see: a focal point’s token its units’ initiatives, in every status, and nothing of another unit', async () => {
    const scope = await t.app.get(UnitsService).scopeIds(await unitId(t.db, 'QT-VLINH'));
    const res = await api('/api/v1/internal/initiatives?pageSize=100', token);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    const ids = res.body.data.map((i: { id: number }) => i.id);
    const rows = await t.db.query(`SELECT id, "unitId", status FROM initiatives WHERE id IN (${ids.join(',')})`);
    const own = rows.filter((r: { unitId: number }) => scope.has(Number(r.unitId)));
    const recognisedElsewhere = rows.filter((r: { unitId: number; status: string }) => !scope.has(Number(r.unitId)) && r.status === 'recognized');
    expect(own.length + recognisedElsewhere.length).toBe(rows.length);
    expect(own.some((r: { status: string }) => r.status !== 'recognized')).toBe(true);
    expect(res.body.data[0]).toHaveProperty('statusLabel');
    const [other] = await t.db.query(`SELECT id, title, "unitId" FROM initiatives WHERE status = 'submitted' ORDER BY id`).then((r: { id: number; title: string; unitId: number }[]) => r.filter((x) => !scope.has(Number(x.unitId))));
    const refused = await api(`/api/v1/internal/initiatives/${other.id}`, token);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(other.title);
    const mine = await api(`/api/v1/internal/initiatives/${own[0].id}`, token);
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).not.toMatch(/birthDate|confidential/);
    const bad = await api('/api/v1/internal/initiatives?status=xoa', token);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('Tham số status');
  });

  it('is revoked by its owner alone, and then refused; a locked account’s token is refused too', async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const adminPage = await admin.get('/account/tokens');
    expect((await admin.post(`/account/tokens/${tokenId}/revoke`).type('form').send({ _csrf: csrfOf(adminPage.text) })).status).toBe(403);
    expect((await api('/api/v1/me', token)).status).toBe(200);
    const page = await focal.get('/account/tokens');
    expect((await focal.post(`/account/tokens/${tokenId}/revoke`).type('form').send({ _csrf: csrfOf(page.text) })).status).toBe(303);
    expect((await focal.get('/account/tokens')).text).toContain('Đã thu hồi');
    expect((await api('/api/v1/me', token)).status).toBe(401);
    expect(await count(t.db, 'audit_events', `action = 'api.token.revoke'`)).toBe(1);

    const made = await focal.post('/account/tokens').type('form').send({ _csrf: csrfOf(page.text), name: 'Mã thứ hai' });
    expect(made.status).toBe(303);
    const second = /value="(sk_[A-Za-z0-9_-]+)"/.exec((await focal.get('/account/tokens')).text)?.[1] ?? '';
    expect((await api('/api/v1/me', second)).status).toBe(200);
    await t.db.query('UPDATE users SET active = ? WHERE id = ?', [false, await userId(t.db, 'daumoi.vinhthai')]);
    const locked = await api('/api/v1/me', second);
    expect(locked.status).toBe(401);
    expect(locked.body.message).toBe('Tài khoản của mã truy cập này đã bị khóa.');
  });
});
