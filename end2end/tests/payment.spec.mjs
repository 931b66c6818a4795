// Pay a dossier's fee by dynamic VietQR through the sandbox bank; the open payment page
// turns to "Đã thanh toán" by itself (live with JavaScript, by refreshing without).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready, submitFeeDossier, watchCsp } from './helpers.mjs';

test('pay by QR through the sandbox bank and see it confirmed on the open page', async ({ page, browser, request }, testInfo) => {
  const csp = watchCsp(page);
  const jsOn = testInfo.project.use.javaScriptEnabled !== false;
  // One record: 200.000 đ (TT 244/2016/TT-BTC Điều 4).
  const { code } = await submitFeeDossier(page, request, testInfo, '1', '200.000 đ');
  await ready(page, testInfo);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/thanh-toan\/\d+$/);
  await ready(page, testInfo);
  const id = page.url().split('/thanh-toan/')[1];
  await expect(page.getByTestId('payment-status')).toHaveText('Chờ thanh toán');
  await expect(page).toHaveTitle('Thanh toán phí, lệ phí · Một Cửa');
  // Issue 18, item 3: the page reloads itself only without JavaScript (a refresh inside
  // <noscript>, which is plain text while scripts run).
  expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(jsOn ? 0 : 1);
  await expect(page.getByTestId('payment-amount')).toContainText('đ');
  const reference = (await page.getByTestId('payment-reference').textContent()).trim();
  expect(reference).toMatch(/^MC\d{6}[A-Z2-9]{8}$/);

  // The same session can read the attempt; its QR payload is what a banking app would scan.
  const attempt = await (await page.request.get(`/api/v1/payments/${id}`)).json();
  expect(attempt.reference).toBe(reference);
  if (jsOn) {
    // A phone camera reads the QR shown on the page.
    const dir = mkdtempSync(join(tmpdir(), 'motcua-qr-'));
    const shot = join(dir, 'qr.png');
    await page.getByTestId('payment-qr').screenshot({ path: shot });
    const read = execFileSync('zbarimg', ['--quiet', '--raw', shot]).toString().trim();
    expect(read).toBe(attempt.qr_payload);
    await page.evaluate(() => { window.__stillThisPage = true; });
  }

  // A tester pays it with the sandbox bank, in another browser.
  const bankContext = await browser.newContext();
  const bank = await bankContext.newPage();
  await bank.goto('/sandbox/bank');
  await bank.locator('#qr').fill(attempt.qr_payload);
  await bank.getByRole('button', { name: 'Chuyển khoản' }).click();
  await expect(bank.getByTestId('bank-result')).toContainText('Máy chủ đã nhận thông báo');
  await bankContext.close();

  await expect(page.getByTestId('payment-status')).toHaveText('Đã thanh toán', { timeout: 15_000 });
  if (jsOn) {
    expect(await page.evaluate(() => window.__stillThisPage)).toBe(true);
  }
  // The e-receipt is there at once, as a PDF in Vietnamese.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('receipt-link').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^bien-lai-\d{2}T[A-Z]{2}-\d{8}\.pdf$/);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', await download.path(), '-']).toString();
  expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
  expect(text).toContain('Hai trăm nghìn đồng');
  expect(text).toContain(reference);
  // The receipt slip for an 80 mm printer: number, amount, a verification QR that loads.
  await page.getByTestId('slip-link').click();
  await expect(page.getByTestId('slip-number')).toHaveText(/^Số: \d{8}$/);
  await expect(page.getByTestId('slip-amount')).toHaveText('200.000 đ');
  const qrLoaded = await page.locator('.slip-qr').evaluate((img) => img.complete && img.naturalWidth > 0);
  expect(qrLoaded).toBe(true);
  if (jsOn) {
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: testInfo.outputPath('receipt-slip-print.png'), fullPage: true });
    const box = await page.getByTestId('receipt-slip').boundingBox();
    expect(box.width).toBeLessThanOrEqual(73 * 96 / 25.4 + 1); // 72 mm printable
    const pdf = join(mkdtempSync(join(tmpdir(), 'motcua-slip-')), 'slip.pdf');
    await page.pdf({ path: pdf, width: '80mm', printBackground: true });
    const slipText = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString();
    expect(slipText).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(slipText).toContain('200.000 đ');
    expect(slipText).not.toContain('In biên lai');
    await page.emulateMedia({ media: 'screen' });
  }
  await page.goto(`/ho-so/${code}`);
  await expect(page.getByTestId('fee-paid')).toBeVisible();
  await expect(page.getByTestId('attempt-receipt')).toBeVisible();
  await expect(page.getByTestId('attempt-status').first()).toContainText('Đã thanh toán');
  expect(csp).toEqual([]);
});

test('pay through VNPAY (sandbox gateway) and come back to a confirmed payment', async ({ page, request }, testInfo) => {
  const csp = watchCsp(page);
  await submitFeeDossier(page, request, testInfo);
  await ready(page, testInfo);
  await page.getByTestId('pay-vnpay').click();
  await expect(page).toHaveURL(/\/sandbox\/vnpay\/pay\?/);
  await expect(page.getByTestId('vnpay-amount')).toHaveText('200.000 đ');
  await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
  await expect(page).toHaveURL(/\/thanh-toan\/\d+\?vnpay=00$/);
  await ready(page, testInfo);
  await expect(page.getByTestId('payment-status')).toHaveText('Đã thanh toán');
  await expect(page.getByTestId('receipt-link')).toBeVisible();
  expect(csp).toEqual([]);
});
