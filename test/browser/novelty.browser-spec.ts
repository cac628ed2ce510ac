import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId } from '../helpers/test-app';
import { openPage, servedApp, SCREENSHOTS, skipReason, signInPage } from './browser';

(skipReason() ? describe.skip : describe)('browser journey: the novelty check while an author drafts, on a phone; the council sees it; the secretary finds a duplicate', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let drafted: number;

  servedApp({ demo: true }, (s) => ({ t, base, browser } = s));

  it('shows an earlier similar initiative as the title is typed without marks, at 360 px without scrolling sideways', async () => {
    const { context, page, errors, a11y } = await openPage(browser, 360, { height: 780, console: true });
    page.on('dialog', (d) => void d.accept());
    await signInPage(page, base, 'tacgia');

    await page.goto(`${base}/initiatives/new`);
    const panel = page.locator('[data-novelty-list]');
    expect(await panel.textContent()).toContain('Gõ tên sáng kiến');
    await page.getByLabel('Tên sáng kiến').pressSequentially('niem yet ma qr code tra cuu thu tuc hanh chinh', { delay: 5 });
    await panel.getByRole('link', { name: 'SK-2022-0005' }).waitFor({ timeout: 15_000 });
    expect(await panel.textContent()).toContain('UBND xã Vĩnh Thái (nay thuộc UBND xã Vĩnh Hoàng)');
    await page.screenshot({ path: join(SCREENSHOTS, 'novelty-live-phone.png'), fullPage: true });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    // The rest of the request, then submitted: the list seen is kept with it.
    await page.getByLabel('Lĩnh vực').selectOption({ label: 'Cải cách thủ tục hành chính' });
    await page.getByLabel('Ngày áp dụng lần đầu hoặc áp dụng thử').fill('01/06/2026');
    await page.locator('[name="authors[0][share]"]').fill('100');
    await page.getByLabel('Thực trạng, vấn đề cần giải quyết').fill('Người dân phải hỏi cán bộ để biết hồ sơ cần gì.');
    await page.getByLabel('Nội dung giải pháp').fill('Niêm yết mã QR tra cứu thủ tục tại bộ phận một cửa.');
    await page.getByLabel('Tính mới', { exact: true }).fill('Mã QR dẫn thẳng tới từng thủ tục.');
    await page.getByLabel('Hiệu quả', { exact: true }).fill('Giảm câu hỏi lặp lại tại quầy.');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.waitForURL(/\/initiatives\/\d+$/);
    drafted = Number(page.url().split('/').pop());
    await page.getByRole('button', { name: 'Nộp sáng kiến' }).click();
    await page.locator('.alert-success', { hasText: 'Mã sáng kiến' }).waitFor();

    expect(errors).toEqual([]);
    expect(await a11y.finish()).toEqual([]);
    await context.close();
  }, 90_000);

  it('shows the council member the list kept at submission beside "Tính mới"; the secretary finds it a duplicate of SK-2022-0005 and undoes it', async () => {
    // Between the two: the secretary puts it in the province's round and assigns the council (as in any journey).
    const secretaryAgent = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const [{ id: roundId }] = await t.db.query('SELECT id FROM rounds WHERE year = 2026 AND "organisingUnitId" = ?', [await unitId(t.db, 'QT')]);
    const token = csrfOf((await secretaryAgent.get('/initiatives/awaiting-round')).text);
    expect((await secretaryAgent.post(`/initiatives/${drafted}/round`).type('form').send({ _csrf: token, roundId: String(roundId) })).status).toBe(303);
    expect((await t.db.query('SELECT "roundId" FROM initiatives WHERE id = ?', [drafted]))[0].roundId).toBe(roundId);
    expect((await secretaryAgent.post(`/rounds/${roundId}/assignments/all`).type('form').send({ _csrf: token })).status).toBe(303);

    const member = await openPage(browser, 1366, { height: 768, console: true });
    await signInPage(member.page, base, 'hoidong1');
    await member.page.goto(`${base}/reviews`);
    await member.page.getByRole('link', { name: /niem yet ma qr code/ }).first().click();
    const check = member.page.locator('#novelty-check');
    await check.waitFor();
    expect(await check.textContent()).toContain('SK-2022-0005');
    expect(await member.page.locator('.novelty-summary').first().textContent()).toMatch(/Lúc nộp: \d+ sáng kiến tương tự/);
    expect(member.errors).toEqual([]);
    expect(await member.a11y.finish()).toEqual([]);
    await member.context.close();

    const secretary = await openPage(browser, 360, { height: 780, console: true });
    secretary.page.on('dialog', (d) => void d.accept());
    await signInPage(secretary.page, base, 'thuky');
    await secretary.page.goto(`${base}/initiatives/${drafted}/decision`);
    // Typed as people type it; the reason is required.
    await secretary.page.getByLabel('Mã sáng kiến đã có').fill('sk-2022-5');
    await secretary.page.getByLabel('Lý do (hai sáng kiến trùng ở điểm nào)').fill('Cùng giải pháp niêm yết mã QR tra cứu thủ tục.');
    await secretary.page.getByRole('button', { name: 'Xác định trùng' }).click();
    await secretary.page.waitForURL(`${base}/initiatives/${drafted}`);
    const finding = secretary.page.locator('#trung');
    expect(await finding.textContent()).toContain('trùng với SK-2022-0005');
    await secretary.page.screenshot({ path: join(SCREENSHOTS, 'duplicate-marked-phone.png'), fullPage: true });
    // The original's page links back.
    await finding.getByRole('link', { name: 'SK-2022-0005' }).click();
    expect(await secretary.page.getByRole('heading', { name: 'Sáng kiến được xác định trùng với sáng kiến này' }).count()).toBe(1);

    await secretary.page.goto(`${base}/initiatives/${drafted}/decision`);
    await secretary.page.getByLabel('Lý do bỏ xác định trùng').fill('Phạm vi áp dụng khác: thôn, không phải xã.');
    await secretary.page.getByRole('button', { name: 'Bỏ xác định trùng' }).click();
    await secretary.page.waitForURL(`${base}/initiatives/${drafted}`);
    expect(await secretary.page.locator('.alert-success').textContent()).toContain('Đã bỏ xác định trùng');
    expect(await secretary.page.locator('#trung').count()).toBe(0);
    const overflow = await secretary.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(secretary.errors).toEqual([]);
    expect(await secretary.a11y.finish()).toEqual([]);
    await secretary.context.close();
  }, 120_000);
});
