import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import TestAgent from 'supertest/lib/agent';
import { csrfOf, DEMO_PASSWORD, signIn as signInAgent, TestApp, userId } from '../helpers/test-app';
import { openPage, servedApp, SCREENSHOTS, skipReason, signInPage } from './browser';

/**
 * A round of effect and scope of influence, through the pages: the province's secretary
 * creates it (desktop) and adds SK-2022-0005 by typing its code as people do; a member scores
 * it from the home page on a phone; the secretary, on a phone, records the votes and the
 * decision with the scope, and opens the certificate with its evidence table. Every page is
 * axe-clean and never scrolls sideways at 360 px.
 */
(skipReason() ? describe.skip : describe)('browser journey: recognising an initiative’s effect and scope of influence', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let roundId: number;
  let itemId: number;
  const members = ['hoidong1', 'hoidong2', 'hoidong3'];

  servedApp({ demo: true }, (s) => ({ t, base, browser } = s));

  async function noSidewaysScroll(page: Page): Promise<void> {
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
  }

  /** A member's sheet posted through the form's own route (the members who are not followed in the browser). */
  async function scoreByForm(agent: TestAgent, points: string[]): Promise<void> {
    const page = await agent.get(`/effect-items/${itemId}`);
    const criteria = (await t.db.query('SELECT id FROM criteria WHERE "roundId" = ? ORDER BY position', [roundId])).map((r: { id: number }) => r.id);
    const f = new URLSearchParams({ _csrf: csrfOf(page.text), submit: '1' });
    criteria.forEach((c: number, k: number) => f.append(`points[c${c}]`, points[k]));
    expect((await agent.post(`/effect-items/${itemId}/sheet`).type('form').send(f.toString())).status).toBe(303);
  }

  it('the secretary creates the round and adds a recognised initiative by its code; the evidence proposes cấp tỉnh', async () => {
    const { context, page, errors, a11y } = await openPage(browser, 1366, { console: true });
    page.on('dialog', (d) => void d.accept());
    await signInPage(page, base, 'thuky');
    await page.goto(`${base}/rounds/new`);
    await page.getByLabel('Loại đợt xét').selectOption({ label: 'Xét công nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến' });
    await page.getByLabel('Tên đợt xét').fill('Đợt xét hiệu quả áp dụng năm 2026');
    await page.getByLabel('Số đơn vị áp dụng').fill('2');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForURL(/\/rounds\/\d+$/);
    roundId = Number(page.url().split('/').pop());
    expect(await page.locator('main').textContent()).toContain('cấp tỉnh khi ≥ 2 đơn vị');

    await page.getByLabel('Thêm sáng kiến đã được công nhận (mã sáng kiến)').fill('sk-2022-5');
    await page.getByRole('button', { name: 'Thêm vào đợt xét' }).click();
    await page.waitForURL(/\/effect-items\/\d+$/);
    itemId = Number(page.url().split('/').pop());
    const evidence = (await page.locator('#hieu-qua-ap-dung').textContent()) ?? '';
    expect(evidence).toContain('Đề xuất: Cấp tỉnh.');
    expect(evidence).toContain('UBND xã Vĩnh Hoàng');
    await page.screenshot({ path: join(SCREENSHOTS, 'effect-item-1366.png'), fullPage: true });

    // The council (three members and the secretary), seated through the council's form.
    const secretary = await signInAgent(t.agent(), 'thuky', DEMO_PASSWORD);
    const token = csrfOf((await secretary.get(`/rounds/${roundId}/council`)).text);
    for (const username of members) {
      expect((await secretary.post(`/rounds/${roundId}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, username)), role: 'member' })).status).toBe(303);
    }
    expect((await secretary.post(`/rounds/${roundId}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, 'thuky')), role: 'secretary' })).status).toBe(303);

    await page.goto(`${base}/rounds/${roundId}`);
    await page.getByRole('button', { name: 'Chuyển sang "Đang chấm"' }).click();
    await page.waitForSelector('.alert-success');
    expect(errors).toEqual([]);
    expect(await a11y.finish()).toEqual([]);
    await context.close();
  });

  it('a member scores it from the home page on a phone', async () => {
    const { context, page, errors, a11y } = await openPage(browser, 360, { console: true });
    await signInPage(page, base, 'hoidong1');
    await page.locator(`a[href="/effect-items/${itemId}#phieu-cham"]`).click();
    await page.waitForURL(new RegExp(`/effect-items/${itemId}#phieu-cham$`));
    await noSidewaysScroll(page);
    await page.getByLabel('Hiệu quả áp dụng (tối đa 40 điểm)').fill('35');
    await page.getByLabel('Phạm vi ảnh hưởng (tối đa 30 điểm)').fill('25,5');
    await page.getByLabel('Khả năng nhân rộng (tối đa 30 điểm)').fill('25');
    await page.getByRole('button', { name: 'Nộp phiếu chấm' }).click();
    await page.waitForSelector('.alert-success');
    expect(await page.locator('#phieu-cham').textContent()).toContain('đã nộp: 85,5 điểm');
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'effect-sheet-360.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(await a11y.finish()).toEqual([]);
    await context.close();
    for (const [k, username] of members.slice(1).entries()) await scoreByForm(await signInAgent(t.agent(), username, DEMO_PASSWORD), [['33', '24', '23'], ['30', '20', '22']][k]);
  });

  it('the secretary records the votes and the decision on a phone, and opens the certificate with its evidence table', async () => {
    const { context, page, errors, a11y } = await openPage(browser, 360, { console: true });
    const asked: string[] = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await signInPage(page, base, 'thuky');
    await page.goto(`${base}/rounds/${roundId}`);
    await page.locator(`#sang-kien-xet a[href="/effect-items/${itemId}"]`).click();
    await page.waitForURL(new RegExp(`/effect-items/${itemId}$`));
    await noSidewaysScroll(page);
    for (const name of ['Trương Quang Vinh', 'Đặng Thị Mai Hương', 'Lý Văn Đức']) await page.getByLabel(`Biểu quyết của ${name}`).selectOption({ label: 'Đồng ý' });
    await page.getByLabel('Công nhận hiệu quả áp dụng, phạm vi ảnh hưởng').check();
    await page.getByLabel('Phạm vi ảnh hưởng được công nhận').selectOption({ label: 'Cấp tỉnh' });
    await page.getByLabel('Số quyết định').fill('45/QĐ-UBND');
    await page.getByLabel('Ngày quyết định').fill('01/12/2026');
    await page.getByLabel('Họ tên người ký').fill('Lê Văn A');
    await page.getByRole('button', { name: 'Ghi quyết định' }).click();
    await page.waitForSelector('.alert-success');
    expect(asked.some((m) => m.startsWith('Ghi quyết định này?'))).toBe(true);
    const decision = (await page.locator('section[aria-labelledby="decision-heading"]').textContent()) ?? '';
    expect(decision).toContain('Công nhận hiệu quả áp dụng: phạm vi ảnh hưởng Cấp tỉnh');
    expect(decision).toMatch(/3 đồng ý, 0 không đồng ý, 0 không biểu quyết, trên 4 thành viên/);
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'effect-decision-360.png'), fullPage: true });

    await page.getByRole('link', { name: 'Giấy xác nhận hiệu quả áp dụng' }).click();
    await page.waitForURL(new RegExp(`/effect-items/${itemId}/giay-xac-nhan$`));
    const certificate = (await page.locator('article').textContent()) ?? '';
    expect(certificate).toContain('HIỆU QUẢ ÁP DỤNG VÀ PHẠM VI ẢNH HƯỞNG CỦA SÁNG KIẾN');
    expect(certificate).toContain('UBND xã Vĩnh Linh');
    await page.screenshot({ path: join(SCREENSHOTS, 'effect-certificate-360.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(await a11y.finish()).toEqual([]);
    await context.close();
  });
});
