import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { APP_HOOK_TIMEOUT, TestApp } from '../helpers/test-app';
import { pdfText } from '../helpers/pdf';
import { openPage, servedApp, SCREENSHOTS, skipReason, signInPage } from './browser';

// The 2026 round of the demo data: SK-2026-0003 is being scored by hoidong1 (sheet
// submitted), hoidong2 (a draft) and hoidong3 (not started); thuky is the secretary.
(skipReason() ? describe.skip : describe)('browser journey: a council meeting, from the sheets to the printed certificate', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let initiativeId: number;

  servedApp({ demo: true }, (s) => ({ t, base, browser } = s));

  beforeAll(async () => {
    initiativeId = (await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2026-0003'`))[0].id;
  }, APP_HOOK_TIMEOUT);

  /** A member scores the initiative on their sheet (from their home page), submits it, and votes on the round's ballot. */
  async function scoreAndVote(username: string, width: number): Promise<void> {
    const { context, page, errors, a11y } = await openPage(browser, width, { console: true });
    const asked: string[] = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await signInPage(page, base, username);
    await page.locator('a[href^="/reviews/"]').filter({ hasText: /SK-2026-0003|chấm|Chưa chấm|Đang chấm/ }).first().click();
    await page.waitForURL(/\/reviews\/\d+$/);
    const inputs = page.locator('input.score-input');
    if (width < 992) {
      // On a phone the score panel comes after the whole text: "Chấm điểm" jumps to it.
      await page.getByRole('navigation', { name: 'Các phần của phiếu chấm' }).getByRole('link', { name: 'Chấm điểm' }).click();
      expect(await page.evaluate<string>('location.hash')).toBe('#panel-heading');
      // (Scrolled smoothly: its top comes near the window's.)
      const heading = page.locator('#panel-heading');
      for (let waited = 0; Math.abs((await heading.boundingBox())?.y ?? Infinity) >= 200 && waited < 10_000; waited += 100) await page.waitForTimeout(100);
      expect(Math.abs((await heading.boundingBox())?.y ?? Infinity)).toBeLessThan(200);
      // A score the page already marks invalid: "Nộp" asks nothing and takes the reviewer to the box.
      await inputs.first().fill('999');
      await page.getByRole('button', { name: 'Nộp phiếu chấm' }).click();
      expect(asked).toEqual([]);
      expect(await page.evaluate<boolean>('document.activeElement === document.querySelector("input.score-input")')).toBe(true);
      expect(page.url()).toMatch(/\/reviews\/\d+#panel-heading$/);
    }
    // Every criterion a little under its maximum, typed with a decimal comma.
    for (let k = 0; k < (await inputs.count()); k++) {
      const max = Number(await inputs.nth(k).getAttribute('data-max'));
      await inputs.nth(k).fill(String(max - 1.5).replace('.', ','));
    }
    expect(await inputs.first().getAttribute('inputmode')).toBe('decimal');
    await page.getByRole('button', { name: 'Nộp phiếu chấm' }).click();
    await page.waitForSelector('.alert-success');
    await page.screenshot({ path: join(SCREENSHOTS, `council-sheet-${username}.png`), fullPage: true });

    await page.goto(`${base}/`);
    await page.locator('a[href$="/votes"]').first().click();
    await page.waitForURL(/\/rounds\/\d+\/votes$/);
    const item = page.locator(`section:has(a[href="/initiatives/${initiativeId}"])`);
    await item.getByLabel('Đồng ý', { exact: true }).check();
    await item.getByRole('button', { name: 'Gửi biểu quyết' }).click();
    await page.waitForURL(/\/rounds\/\d+\/votes/);
    expect(await page.locator(`section:has(a[href="/initiatives/${initiativeId}"])`).textContent()).toContain('Biểu quyết đã ghi: Đồng ý');

    expect(errors).toEqual([]);
    expect(await a11y.finish()).toEqual([]);
    await context.close();
  }

  it('two members score and vote on their own; the secretary records the chair’s vote and hers and the decision, prints the minutes and the certificate', async () => {
    await scoreAndVote('hoidong2', 360);
    await scoreAndVote('hoidong3', 1280);

    const { context, page, errors, a11y } = await openPage(browser, 1280, { console: true });
    const asked: string[] = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await signInPage(page, base, 'thuky');
    await page.goto(`${base}/initiatives/${initiativeId}/decision`);

    // Every sheet is in; the chair and the secretary have not voted yet: said, and nothing is chosen.
    const warnings = page.locator('.alert-warning');
    expect(await warnings.textContent()).toContain('2 thành viên chưa biểu quyết');
    expect(await warnings.textContent()).not.toContain('chưa nộp phiếu chấm');
    expect(await page.locator('input[name="outcome"]:checked').count()).toBe(0);

    // The chair's vote from the meeting, saved on its own (no confirmation asked).
    await page.getByLabel('Biểu quyết của Trương Quang Vinh').selectOption({ label: 'Đồng ý' });
    await page.getByRole('button', { name: /Lưu biểu quyết/ }).click();
    await page.waitForSelector('.alert-success');
    expect(asked).toEqual([]);
    expect(await page.locator('.alert-warning').textContent()).toContain('1 thành viên chưa biểu quyết');
    expect(await page.locator('section[aria-labelledby="stats-heading"]').textContent()).toMatch(/Biểu quyết:\s*3\s*đồng ý, 0 không đồng ý, 0 không biểu quyết/);

    // The secretary's own vote is chosen and, without "Lưu biểu quyết", the decision is
    // recorded, confirmed before it is written: the vote goes with it and counts.
    await page.getByLabel('Biểu quyết của Phan Thị Hồng Nhung').selectOption({ label: 'Đồng ý' });
    await page.getByLabel('Công nhận sáng kiến').check();
    await page.getByLabel('Phạm vi ảnh hưởng (khi công nhận)').selectOption({ label: 'Cấp tỉnh' });
    await page.getByLabel('Số quyết định').fill('15/QĐ-UBND');
    await page.getByLabel('Ngày quyết định').fill('04/12/2026');
    await page.getByLabel('Địa danh ghi ở ngày tháng').fill('Quảng Trị');
    // A deputy signs for the head (KT.), as an office often does.
    await page.getByLabel('Cách ký').selectOption({ label: 'Cấp phó ký thay (KT.)' });
    await page.getByLabel('Chức danh người đứng đầu (hoặc tập thể khi ký TM.)').fill('CHỦ TỊCH');
    await page.getByLabel('Chức danh của người ký (khi ký KT. hoặc TM.)').fill('PHÓ CHỦ TỊCH');
    await page.getByLabel('Họ tên người ký').fill('Trương Quang Vinh');
    await page.getByRole('button', { name: 'Ghi quyết định' }).click();
    await page.waitForSelector('.alert-success');
    expect(asked.some((m) => m.startsWith('Ghi quyết định này?'))).toBe(true);
    expect(await page.locator('main').textContent()).toMatch(/4 trên 4 thành viên hội đồng đồng ý/);
    await page.screenshot({ path: join(SCREENSHOTS, 'council-decision.png'), fullPage: true });

    // The minutes: every member, each one's vote, the outcome; and the Word file.
    await page.goto(`${base}/initiatives/${initiativeId}/decision`);
    await page.getByRole('link', { name: 'Biên bản họp hội đồng' }).click();
    await page.waitForURL(/\/rounds\/\d+\/minutes$/);
    const minutes = (await page.locator('body').textContent()) ?? '';
    for (const name of ['Trương Quang Vinh', 'Đặng Thị Mai Hương', 'Lý Văn Đức', 'Phan Thị Hồng Nhung']) expect(minutes).toContain(name);
    expect(minutes).toContain('SK-2026-0003');
    expect(minutes).toContain('thư ký ghi theo biên bản họp');
    await page.screenshot({ path: join(SCREENSHOTS, 'council-minutes.png'), fullPage: true });
    await page.goto(`${base}/initiatives/${initiativeId}/decision`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Biên bản (.docx)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    expect(readFileSync((await download.path()) as string).subarray(0, 2).toString()).toBe('PK');

    // The certificate, printed to PDF: authority, number, place and signer, in the served serif face.
    await page.goto(`${base}/initiatives/${initiativeId}/certificate`);
    expect(await page.getByRole('button', { name: 'In giấy chứng nhận' }).isVisible()).toBe(true);
    await page.evaluate('document.fonts.ready');
    expect(await page.evaluate<boolean>(`document.fonts.check('16px "Noto Serif"', 'ươế')`)).toBe(true);
    const authority = (await page.locator('.cert-issuer-main').allTextContents()).map((line) => line.trim());
    expect(authority).toEqual(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG TRỊ']);
    const file = join(SCREENSHOTS, 'council-certificate.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: file, format: 'A4', printBackground: true });
    // One page: the signature block (here KT., two lines of titles) never leaves the name on a second page.
    const pages = pdfText(file);
    expect(pages).toHaveLength(1);
    const [text] = pages;
    // The province's heading on two lines, at the top.
    expect(text).toMatch(/^\s*ỦY BAN NHÂN DÂN\s*\n\s*TỈNH QUẢNG TRỊ\s*\n/);
    expect(text).toContain('Số: 15/QĐ-UBND');
    expect(text).toContain('Quảng Trị, ngày 04 tháng 12 năm 2026');
    expect(text).toContain('KT. CHỦ TỊCH');
    expect(text).toContain('PHÓ CHỦ TỊCH');
    expect(text).toContain('Trương Quang Vinh');
    expect(readFileSync(file).includes('NotoSerif')).toBe(true);

    expect(errors).toEqual([]);
    expect(await a11y.finish()).toEqual([]);
    await context.close();
  }, 180_000);
});
