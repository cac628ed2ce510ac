import { APP_HOOK_TIMEOUT, count, createTestApp, TestApp } from './helpers/test-app';

/**
 * The read-only JSON API's public endpoints (/api/v1) and its OpenAPI document: recognised
 * initiatives as the public catalogue shows them, with nothing personal; pages of at most
 * 100; ETag and 304; a limit per address (429 with Retry-After); errors as JSON in Vietnamese.
 */
describe('the public JSON API', () => {
  let t: TestApp;
  const PER_MINUTE = 40;

  beforeAll(async () => {
    t = await createTestApp({ demo: true, env: { API_REQUESTS_PER_MINUTE: String(PER_MINUTE) } });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  const get = (path: string, headers: Record<string, string> = {}) => t.agent().get(path).set(headers);

  it('lists the recognised initiatives, 25 a page, with the catalogue’s filters and search', async () => {
    const res = await get('/api/v1/initiatives');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const recognised = await count(t.db, 'initiatives', `status = 'recognized'`);
    expect(res.body).toMatchObject({ page: 1, pageSize: 25, total: recognised, totalCapped: false });
    expect(res.body.data.length).toBe(Math.min(25, recognised));
    const [first] = res.body.data;
    expect(Object.keys(first).sort()).toEqual(['code', 'field', 'id', 'level', 'levelLabel', 'title', 'unit', 'unitNow', 'url', 'year']);
    const [{ status }] = await t.db.query('SELECT status FROM initiatives WHERE id = ?', [first.id]);
    expect(status).toBe('recognized');
    // A search typed without marks, as the catalogue takes it.
    const qr = await get('/api/v1/initiatives?q=ma%20qr&year=2022');
    expect(qr.body.data.map((i: { code: string }) => i.code)).toContain('SK-2022-0005');
    expect(qr.body.data.every((i: { year: number }) => i.year === 2022)).toBe(true);
    const small = await get('/api/v1/initiatives?pageSize=2');
    expect(small.body.data.length).toBe(2);
    expect(small.body.next).toBe('/api/v1/initiatives?page=2&pageSize=2');
  });

  it('refuses what it cannot read with a Vietnamese message in JSON', async () => {
    const big = await get('/api/v1/initiatives?pageSize=101');
    expect(big.status).toBe(400);
    expect(big.body).toEqual({ statusCode: 400, message: 'Tham số pageSize phải là số nguyên dương không quá 100.' });
    const level = await get('/api/v1/initiatives?level=huyen');
    expect(level.status).toBe(400);
    expect(level.body.message).toContain('Tham số level phải là một trong');
    const [draft] = await t.db.query(`SELECT id FROM initiatives WHERE status <> 'recognized' ORDER BY id LIMIT 1`);
    const hidden = await get(`/api/v1/initiatives/${draft.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ statusCode: 404, message: 'Không tìm thấy sáng kiến.' });
    const unknown = await get('/api/v1/khong-co');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/json/);
  });

  it('gives an initiative as the catalogue does, its public files and its replication, never anything personal or internal', async () => {
    const [{ id }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
    const res = await get(`/api/v1/initiatives/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'SK-2022-0005', url: `/catalogue/${id}`, progress: { adopted: 2, inProgress: 1 } });
    expect(res.body.authors[0]).toEqual({ fullName: 'Võ Thị Thu', jobTitle: 'Công chức Tư pháp - Hộ tịch', workplace: 'UBND xã Vĩnh Thái', share: 100 });
    const publicFiles = await count(t.db, 'attachments', `"ownerType" = 'initiative' AND "ownerId" = ? AND visibility = 'public'`, [id]);
    expect(res.body.files.length).toBe(publicFiles);
    const text = JSON.stringify(res.body);
    for (const secret of ['birthDate', 'confidential', 'participants', 'Thiếu kinh phí', 'Kinh phí in và thay mã QR']) expect(text).not.toContain(secret);
  });

  it('gives the programmes with their rates', async () => {
    const res = await get('/api/v1/programmes');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(await count(t.db, 'programmes'));
    for (const p of res.body) expect(p.rate === null || (p.rate >= 0 && p.rate <= 1)).toBe(true);
    expect(res.body.some((p: { records: number; adopted: number }) => p.records > 0 && p.adopted > 0)).toBe(true);
  });

  it('tags each answer: the same data asked again with its ETag is 304 without a body', async () => {
    const first = await get('/api/v1/programmes');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"/);
    const again = await get('/api/v1/programmes', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect((await get('/api/v1/programmes', { 'If-None-Match': 'W/"khac"' })).status).toBe(200);
  });

  it('publishes its OpenAPI 3 document, every reference resolved, and reads it at /api/docs with files of its own', async () => {
    const res = await get('/api/docs.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/initiatives', '/api/v1/initiatives/{id}', '/api/v1/internal/initiatives', '/api/v1/internal/initiatives/{id}', '/api/v1/me', '/api/v1/programmes']);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/v1/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.info.title).toContain('Kho sáng kiến');
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(`${ref} ${Boolean(doc.components.schemas[ref])}`).toBe(`${ref} true`);
    expect(JSON.stringify(doc.components.schemas)).not.toContain('birthDate');
    const page = await get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    expect(page.text).toContain('swagger-ui-bundle.js');
  });

  it('limits each address per minute: 429 with Retry-After and a Vietnamese message', async () => {
    let refused = null;
    for (let k = 0; k <= PER_MINUTE && !refused; k++) {
      const res = await get('/api/v1/programmes');
      if (res.status === 429) refused = res;
    }
    expect(refused).not.toBeNull();
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused!.body.message).toBe(`Quá ${PER_MINUTE} yêu cầu mỗi phút từ địa chỉ này. Vui lòng thử lại sau ${refused!.headers['retry-after']} giây.`);
    // The pages are not counted against it.
    expect((await get('/catalogue')).status).toBe(200);
  });
});
