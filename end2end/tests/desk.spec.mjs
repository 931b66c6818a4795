// The back office: an officer turns a paper dossier received at the desk into an
// online payment; the citizen pays from the texted link on their phone without signing
// in; the monthly report moves.
import { test, expect } from '@playwright/test';
import { randomNationalId, randomPhone, ready, staffSignIn, watchCsp } from './helpers.mjs';

/** Paid-by-QR count of the Department of Justice on this month's report. */
async function paidByQr(page, testInfo) {
  await page.goto('/can-bo/bao-cao');
  await ready(page, testInfo);
  const row = page.locator('[data-testid="report-agency"][data-code="000.00.31.H53"]');
  await expect(row).toBeVisible();
  return Number((await row.locator('td').nth(2).textContent()).trim());
}

test('an officer issues a fee notice for a desk dossier, the citizen pays from the SMS link, the report moves', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(120_000);
  const csp = watchCsp(page);
  await staffSignIn(page, testInfo);
  const before = await paidByQr(page, testInfo);
  await expect(page.getByTestId('report-chart')).toBeVisible();

  // At the desk: the paper dossier, recorded in one form.
  const started = Date.now();
  await page.goto('/can-bo');
  await page.getByTestId('desk-link').click();
  await ready(page, testInfo);
  const phone = randomPhone();
  await page.locator('#d-procedure').selectOption('2.000488');
  await page.getByTestId('desk-choose-submit').click();
  await ready(page, testInfo);
  await expect(page.getByTestId('desk-procedure')).toContainText('2.000488');
  // What the fee counts is asked at the desk too: 3 records cost 205.000 đ
  // (TT 244/2016/TT-BTC Điều 4: 200.000 đ + 5.000 đ for the third record).
  await page.locator('#d-so_phieu').fill('3');
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await expect(page.getByTestId('fee-total')).toHaveText('205.000 đ');
  }
  await page.locator('#d-name').fill('Phạm Văn Quầy');
  await page.locator('#d-phone').fill(phone);
  await page.locator('#d-national-id').fill('12345');
  await page.locator('#d-dob').fill('1985-06-15');
  await page.getByTestId('desk-submit').click();
  // A mistake is explained and nothing typed is lost.
  await expect(page.getByTestId('flash')).toContainText('12');
  await expect(page.locator('#d-name')).toHaveValue('Phạm Văn Quầy');
  await expect(page.locator('#d-phone')).toHaveValue(phone);
  await expect(page.locator('#d-so_phieu')).toHaveValue('3');
  await page.locator('#d-national-id').fill(randomNationalId(1985));
  await page.getByTestId('desk-submit').click();
  // A new applicant: the account is created, verified, only once the officer says
  // they checked the original card (issue 15, item 1); nothing typed is lost.
  await expect(page.getByTestId('flash')).toContainText('Chưa có tài khoản đã xác minh');
  await expect(page.locator('#d-phone')).toHaveValue(phone);
  await page.getByTestId('desk-identity').click();
  await expect(page).toHaveURL(/\/can-bo\/ho-so\/000\.00\.31\.H53-\d{6}-\d{4,}$/);
  const code = decodeURIComponent(page.url().split('/can-bo/ho-so/')[1]);
  await expect(page.getByTestId('flash')).toContainText(`gửi tin nhắn thông báo phí tới ${phone}`);
  await expect(page.getByTestId('fee-notice-status')).toHaveText('Chưa thanh toán');
  await expect(page.getByTestId('fee-notice-amount')).toHaveText('205.000 đ');
  expect(Date.now() - started).toBeLessThan(60_000);

  // The slip for the desk printer carries the same link as the SMS.
  const sms = await (await request.get(`/sandbox/sms?phone=${phone}`, { headers: { accept: 'application/json' } })).json();
  const text = sms.messages[0].body;
  expect(text).toContain(code);
  const link = text.match(/https?:\/\/\S+\/tb\/[0-9]+-[0-9a-f]+/)[0];
  await page.getByTestId('notice-print').click();
  await expect(page.getByTestId('notice-code')).toHaveText(code);
  expect(await page.getByTestId('notice-qr').getAttribute('data-url')).toBe(link);
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: testInfo.outputPath('notice-slip-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  // The link can be texted again from the dossier (a server function's form).
  await page.goto(`/can-bo/ho-so/${code}`);
  await ready(page, testInfo);
  await page.getByTestId('notice-sms').click();
  await expect(page.getByTestId('flash')).toContainText(`Đã gửi tin nhắn thông báo phí tới ${phone}`);
  await expect(page).not.toHaveURL(/__err|\?$/);

  // The citizen taps the link on a phone: no sign-in, straight to the QR.
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 }, hasTouch: true,
    javaScriptEnabled: testInfo.project.use.javaScriptEnabled !== false,
  });
  const mobile = await phoneContext.newPage();
  await mobile.goto(new URL(link).pathname);
  await expect(mobile).toHaveURL(/\/thanh-toan\/\d+$/);
  await ready(mobile, testInfo);
  await expect(mobile.getByTestId('payment-status')).toHaveText('Chờ thanh toán');
  const id = mobile.url().split('/thanh-toan/')[1];
  const attempt = await (await mobile.request.get(`/api/v1/payments/${id}`)).json();
  expect(attempt.dossier_code).toBe(code);
  expect(attempt.amount_vnd).toBe(205000);
  // The link opens the payment only, not the dossier.
  expect((await mobile.request.get(`/api/v1/dossiers/${code}`)).status()).toBe(401);

  const bankContext = await browser.newContext();
  const bank = await bankContext.newPage();
  await bank.goto('/sandbox/bank');
  await bank.locator('#qr').fill(attempt.qr_payload);
  await bank.getByRole('button', { name: 'Chuyển khoản' }).click();
  await expect(bank.getByTestId('bank-result')).toContainText('Máy chủ đã nhận thông báo');
  await bankContext.close();
  await expect(mobile.getByTestId('payment-status')).toHaveText('Đã thanh toán', { timeout: 15_000 });
  await expect(mobile.getByTestId('receipt-link')).toBeVisible();
  await phoneContext.close();

  // The desk sees it paid, and the month's report counts it as paid online.
  await page.goto(`/can-bo/ho-so/${code}`);
  await expect(page.getByTestId('fee-notice-status')).toHaveText('Đã thanh toán');
  expect(await paidByQr(page, testInfo)).toBe(before + 1);
  // The printable monthly report (A4 landscape) and its exports.
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: testInfo.outputPath('monthly-report-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  expect(await page.getByTestId('report-xlsx').getAttribute('href')).toMatch(/monthly\.xlsx\?month=\d{4}-\d{2}$/);
  const xlsx = await page.request.get(await page.getByTestId('report-xlsx').getAttribute('href'));
  expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const csv = await (await page.request.get('/api/v1/staff/reports/monthly.csv')).text();
  expect(csv).toContain('co_quan,000.00.31.H53');
  expect(csp).toEqual([]);
});
