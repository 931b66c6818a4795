// Fees that follow the law, in the browser: the form shows the lawful total before
// submitting (live with JavaScript, after "Tính lại số tiền" without), and the dynamic
// QR and the receipt PDF carry exactly that amount, line by line.
//   2.000488, TT 244/2016/TT-BTC Điều 4: 200.000 đ per request, 5.000 đ per record from the 3rd.
//   2.000815, TT 226/2016/TT-BTC Điều 4 mục 1: 2.000 đ per page, 1.000 đ from the 3rd page.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectFeeTotal, qrAmount, ready, registerFrom, staffSignIn, submitFeeDossier, watchCsp } from './helpers.mjs';

/** Pays the dossier's fee by its dynamic QR through the sandbox bank; returns the QR as
 *  a phone reads it and the receipt PDF as text. */
async function payAndRead(page, code, testInfo) {
  await page.goto(`/ho-so/${code}`);
  await ready(page, testInfo);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/thanh-toan\/\d+$/);
  const id = page.url().split('/thanh-toan/')[1];
  // The QR image a banking app scans, read back with zbar.
  const svg = await (await page.request.get(`/api/v1/payments/${id}/qr.svg`)).body();
  const dir = mkdtempSync(join(tmpdir(), 'motcua-fee-qr-'));
  writeFileSync(join(dir, 'qr.svg'), svg);
  execFileSync('rsvg-convert', ['-w', '600', '-b', 'white', '-o', join(dir, 'qr.png'), join(dir, 'qr.svg')]);
  const payload = execFileSync('zbarimg', ['--quiet', '--raw', join(dir, 'qr.png')]).toString().trim();
  const paid = await page.request.post('/sandbox/bank/transfers', { data: { qr: payload } });
  expect(paid.status()).toBe(200);
  await expect(page.getByTestId('payment-status')).toHaveText('Đã thanh toán', { timeout: 15_000 });
  const pdf = await page.request.get(`/api/v1/payments/${id}/receipt.pdf`);
  expect(pdf.status()).toBe(200);
  writeFileSync(join(dir, 'receipt.pdf'), await pdf.body());
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', join(dir, 'receipt.pdf'), '-']).toString();
  return { payload, text };
}

for (const [records, total, qr, words, lines] of [
  ['1', '200.000 đ', '200000', 'Hai trăm nghìn đồng', [/1 lần\/người\s+200\.000\s+200\.000/]],
  ['2', '200.000 đ', '200000', 'Hai trăm nghìn đồng', [/1 lần\/người\s+200\.000\s+200\.000/]],
  ['5', '215.000 đ', '215000', 'Hai trăm mười lăm nghìn đồng',
    [/1 lần\/người\s+200\.000\s+200\.000/, /3 phiếu\s+5\.000\s+15\.000/]],
]) {
  test(`${records} criminal record(s): ${total} on the form, the QR and the receipt`, async ({ page, request }, testInfo) => {
    test.setTimeout(90_000);
    const csp = watchCsp(page);
    const { code } = await submitFeeDossier(page, request, testInfo, records, total);
    await ready(page, testInfo);
    await expect(page.getByTestId('notice-total')).toHaveText(total);
    const { payload, text } = await payAndRead(page, code, testInfo);
    expect(qrAmount(payload)).toBe(qr);
    expect(text).toContain(words);
    for (const line of lines) expect(text).toMatch(line);
    if (records !== '5') expect(text).not.toContain('phiếu');
    expect(csp).toEqual([]);
  });
}

test('a certified copy of 7 pages: 9.000 đ on the form, the QR and the receipt', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  await page.goto('/nop-ho-so/2.000815');
  const { nationalId } = await registerFrom(page, request, testInfo);
  await expect(page).toHaveURL(/\/nop-ho-so\/2\.000815$/);
  await ready(page, testInfo);
  await page.locator('#f-so_cccd').fill(nationalId);
  await page.locator('#f-dia_chi\\.province').selectOption({ label: 'Thành phố Hà Nội' });
  await page.locator('#f-dia_chi\\.commune').fill('Hà Đông');
  await page.locator('#f-dia_chi\\.street').fill('Số 5 ngõ 3 Quang Trung');
  await page.locator('#f-ten_giay_to').fill('Bằng tốt nghiệp đại học');
  await page.locator('#f-so_trang').fill('7');
  await page.locator('#f-so_ban').fill('1');
  await page.locator('#f-cam_doan').check();
  // 2 pages × 2.000 đ + 5 pages × 1.000 đ.
  await expectFeeTotal(page, testInfo, '9.000 đ');
  await expect(page.getByTestId('fee-line')).toHaveCount(2);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/ho-so\/001\.01\.01\.H53-\d{6}-\d{4,}$/);
  const code = decodeURIComponent(page.url().split('/ho-so/')[1]);
  const { payload, text } = await payAndRead(page, code, testInfo);
  expect(qrAmount(payload)).toBe('9000');
  expect(text).toContain('Chín nghìn đồng');
  expect(text).toMatch(/2 trang\s+2\.000\s+4\.000/);
  expect(text).toMatch(/5 trang\s+1\.000\s+5\.000/);
});

test('a student claims the reduced fee with a proof; the officer refuses and the full fee is due', async ({ page, request, browser }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto('/nop-ho-so/2.000488');
  const { nationalId } = await registerFrom(page, request, testInfo);
  await ready(page, testInfo);
  await page.locator('#f-so_cccd').fill(nationalId);
  await page.locator('#f-dia_chi\\.province').selectOption({ label: 'Thành phố Hà Nội' });
  await page.locator('#f-dia_chi\\.commune').fill('Hà Đông');
  await page.locator('#f-dia_chi\\.street').fill('Số 5');
  await page.locator('#f-loai_phieu').selectOption('Phiếu số 1');
  await page.locator('#f-so_phieu').fill('1');
  await page.locator('#f-muc_dich').fill('Xin việc');
  await page.locator('#f-cam_doan').check();
  await page.locator('#cat-sinh_vien').check();
  await page.getByTestId('fee-proof').setInputFiles({
    name: 'the-sinh-vien.png', mimeType: 'image/png',
    buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
  });
  // TT 244/2016/TT-BTC Điều 4: 100.000 đ for a student.
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await expect(page.getByTestId('fee-total')).toHaveText('100.000 đ');
  }
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/ho-so\/000\.00\.31\.H53-\d{6}-\d{4,}$/);
  const code = decodeURIComponent(page.url().split('/ho-so/')[1]);
  await expect(page.getByTestId('notice-total')).toHaveText('100.000 đ');
  await expect(page.getByTestId('fee-claim')).toHaveAttribute('data-status', 'claimed');
  await expect(page.getByTestId('pay')).toHaveCount(0);

  // The officer of the Department of Justice checks the proof and refuses it.
  const staff = await browser.newContext({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
  const officer = await staff.newPage();
  await staffSignIn(officer, testInfo);
  await officer.goto(`/can-bo/ho-so/${code}`);
  await ready(officer, testInfo);
  await expect(officer.getByTestId('fee-proof-file')).toHaveText('the-sinh-vien.png');
  await officer.locator('#reduction-reason').fill('Thẻ sinh viên đã hết hạn');
  await officer.getByTestId('reduction-refuse').click();
  await expect(officer.getByTestId('flash')).toContainText('200.000 đ');
  await staff.close();

  await page.goto(`/ho-so/${code}`);
  await ready(page, testInfo);
  await expect(page.getByTestId('fee-claim')).toHaveAttribute('data-status', 'refused');
  await expect(page.getByTestId('fee-claim-reason')).toContainText('Thẻ sinh viên đã hết hạn');
  await expect(page.getByTestId('notice-total')).toHaveText('200.000 đ');
  const { payload } = await payAndRead(page, code, testInfo);
  expect(qrAmount(payload)).toBe('200000');
});
