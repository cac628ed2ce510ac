import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { TestApp } from '../helpers/test-app';
import { PDF } from '../helpers/files';
import { openPage, servedApp, SCREENSHOTS, skipReason, signInPage } from './browser';

(skipReason() ? describe.skip : describe)('browser journey: an author files an initiative on a phone', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  servedApp({ demo: true }, (s) => ({ t, base, browser } = s));

  it('fills the form with two authors and a file, fixes a refused share, saves, submits, and finds it', async () => {
    const { context, page, errors, a11y } = await openPage(browser, 360, { height: 780 });
    page.on('dialog', (d) => void d.accept());

    await signInPage(page, base, 'tacgia');

    await page.goto(`${base}/initiatives/new`);
    // One author block (the signed-in person) and one indicator block to start: the form is
    // at most 3,600 px on a phone (7,331 px with four empty author blocks and four indicator blocks).
    expect(await page.locator('[name$="[fullName]"]').count()).toBe(1);
    expect(await page.locator('[name$="[unitOfMeasure]"]').count()).toBe(1);
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    expect(height).toBeLessThanOrEqual(3600);
    await page.getByLabel('Tên sáng kiến').fill('Tổ hỗ trợ người cao tuổi làm thủ tục trực tuyến tại nhà văn hóa thôn');
    await page.getByLabel('Lĩnh vực').selectOption({ label: 'Cải cách thủ tục hành chính' });
    await page.getByLabel('Ngày áp dụng lần đầu hoặc áp dụng thử').fill('01/06/2026');
    // The first author is filled in with the signed-in person; "Thêm tác giả" adds a co-author's block, focused.
    await page.locator('[name="authors[0][share]"]').fill('70');
    await page.getByRole('button', { name: 'Thêm tác giả' }).click();
    expect(await page.evaluate<string>('document.activeElement.name')).toBe('authors[1][fullName]');
    await page.locator('[name="authors[1][fullName]"]').fill('Võ Đức Hạnh');
    await page.locator('[name="authors[1][share]"]').fill('20');
    expect(await page.locator('[name$="[fullName]"]').count()).toBe(2);
    await page.getByLabel('Thực trạng, vấn đề cần giải quyết').fill('Người cao tuổi khó tự nộp hồ sơ trực tuyến.');
    await page.getByLabel('Nội dung giải pháp').fill('Đoàn viên thanh niên hỗ trợ tại nhà văn hóa thôn vào sáng thứ Bảy.');
    await page.getByLabel('Tính mới', { exact: true }).fill('Hỗ trợ tại chỗ, theo lịch cố định.');
    await page.getByLabel('Hiệu quả', { exact: true }).fill('Tăng hồ sơ trực tuyến của người cao tuổi.');
    const file = join(SCREENSHOTS, 'Kế hoạch hỗ trợ.pdf');
    writeFileSync(file, PDF);
    await page.getByLabel('Chọn tệp (có thể chọn nhiều tệp)').setInputFiles(file);
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();

    // 70 + 20 is refused; the file is kept, the form comes back as typed.
    await page.waitForSelector('#error-summary');
    expect(await page.locator('#error-summary').textContent()).toContain('hiện là 90%');
    expect(await page.locator('[name="authors[1][fullName]"]').inputValue()).toBe('Võ Đức Hạnh');
    expect(await page.getByText('Kế hoạch hỗ trợ.pdf').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'initiative-refused-phone.png'), fullPage: true });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    await page.locator('[name="authors[1][share]"]').fill('30');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.waitForURL(/\/initiatives\/\d+$/);
    expect(await page.locator('h1').textContent()).toContain('Tổ hỗ trợ người cao tuổi');
    expect(await page.getByRole('link', { name: 'Kế hoạch hỗ trợ.pdf' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Nộp sáng kiến' }).click();
    await page.waitForSelector('.alert-success');
    expect(await page.locator('.alert-success').textContent()).toMatch(/Mã sáng kiến: SK-\d{4}-\d{4}/);
    await page.screenshot({ path: join(SCREENSHOTS, 'initiative-submitted-phone.png'), fullPage: true });

    await page.goto(`${base}/initiatives?q=${encodeURIComponent('nguoi cao tuoi')}`);
    // Also found: a demo initiative that mentions "người cao tuổi" in its body; the title match ranks first.
    const found = await page.locator('.initiative-table a.fw-semibold').allTextContents();
    expect(found[0]).toBe('Tổ hỗ trợ người cao tuổi làm thủ tục trực tuyến tại nhà văn hóa thôn');
    expect(found).toHaveLength(2);

    // On a phone the filters fold behind "Lọc" (saying how many apply) and the exports are one
    // menu: the first result comes close to the top (it was ~880 px down, after 7 filters and 3 buttons).
    await page.goto(`${base}/initiatives?year=2026&field=${encodeURIComponent(String((await t.db.query(`SELECT id FROM fields WHERE name = 'Cải cách thủ tục hành chính'`))[0].id))}`);
    const more = page.locator('details.filters-more');
    expect(await more.getAttribute('open')).toBeNull();
    expect((await more.locator('summary').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Lọc 2 bộ lọc đang áp dụng');
    const first = await page.locator('.initiative-table a.fw-semibold').first().boundingBox();
    expect(first?.y).toBeLessThan(560);
    await more.locator('summary').click();
    expect(await page.getByLabel('Năm').isVisible()).toBe(true);
    const exports = page.locator('details.export-menu');
    await exports.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await exports.getByRole('link', { name: 'Xuất Excel' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await exports.getAttribute('open')).toBeNull();
    const wide = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(wide).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    expect(await a11y.finish()).toEqual([]);
    expect(a11y.checked.length).toBeGreaterThanOrEqual(3);
    await context.close();
  }, 90_000);
});
