// Back-office writes made through server functions (ActionForm): the outcome is shown by
// the form with JavaScript, and by the flash after the page comes back without it.
import { test, expect } from '@playwright/test';
import { ready, staffSignIn, submitFeeDossier } from './helpers.mjs';

test('an administrator saves an agency\'s online-payment target', async ({ page }, testInfo) => {
  const jsOn = testInfo.project.use.javaScriptEnabled !== false;
  await staffSignIn(page, testInfo, '0909000999');
  await page.goto('/can-bo/cau-hinh');
  await ready(page, testInfo);
  // Each project changes its own agency, so the two can run side by side.
  const agency = page.getByTestId('agency-config').nth(jsOn ? 1 : 2);
  const target = jsOn ? '45' : '55';
  await agency.locator('input[name="online_target_pct"]').fill(target);
  await agency.getByTestId('agency-save').click();
  await expect(page.getByTestId('flash')).toHaveText('Đã lưu thay đổi.');
  await expect(page).toHaveURL(/\/can-bo\/cau-hinh$/);
  await page.reload();
  await ready(page, testInfo);
  await expect(page.getByTestId('agency-config').nth(jsOn ? 1 : 2)
    .locator('input[name="online_target_pct"]')).toHaveValue(target);
  // A target above 100 % is refused, in words, and nothing changes.
  const again = page.getByTestId('agency-config').nth(jsOn ? 1 : 2);
  await again.locator('input[name="online_target_pct"]').fill('150');
  await again.getByTestId('agency-save').click();
  await expect(page.getByTestId('flash')).toHaveAttribute('role', 'alert');
  await expect(page).not.toHaveURL(/__err/);
  await page.reload();
  await ready(page, testInfo);
  await expect(page.getByTestId('agency-config').nth(jsOn ? 1 : 2)
    .locator('input[name="online_target_pct"]')).toHaveValue(target);
});

test('an officer resolves a duplicate payment from the queue', async ({ page, browser, request }, testInfo) => {
  // A citizen pays the same QR twice: the second credit is a duplicate to refund.
  await submitFeeDossier(page, request, testInfo, '1', '200.000 đ');
  await ready(page, testInfo);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/thanh-toan\/\d+$/);
  const id = page.url().split('/thanh-toan/')[1];
  const attempt = await (await page.request.get(`/api/v1/payments/${id}`)).json();
  for (const answer of ['paid', 'exception']) {
    const paid = await request.post('/sandbox/bank/transfers', { data: { qr: attempt.qr_payload } });
    expect(paid.ok()).toBeTruthy();
    expect(JSON.stringify((await paid.json()).server_answer)).toContain(answer === 'paid' ? 'paid' : 'duplicate');
  }

  const staffContext = await browser.newContext({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled !== false });
  const staff = await staffContext.newPage();
  await staffSignIn(staff, testInfo);
  await staff.goto('/can-bo/ngoai-le');
  await ready(staff, testInfo);
  const credit = staff.locator('[data-testid="exception"][data-kind="duplicate"]')
    .filter({ hasText: attempt.reference });
  await expect(credit).toHaveCount(1);
  await credit.locator('input[name="reason"]').fill('Chuyển trùng, hoàn lại cho công dân');
  await credit.getByTestId('exception-refund').click();
  await expect(staff.getByTestId('flash')).toContainText('Đã xử lý khoản #');
  await expect(staff).toHaveURL(/\/can-bo\/ngoai-le$/);
  await staff.goto('/can-bo/ngoai-le?tat-ca=1');
  await ready(staff, testInfo);
  await expect(staff.locator('[data-testid="exception"][data-kind="duplicate"]')
    .filter({ hasText: attempt.reference }).getByTestId('exception-resolved'))
    .toContainText('Chuyển trùng, hoàn lại cho công dân');
  await staffContext.close();
});

test('a fee line\'s worked example is shown before it is saved, and what was typed stays', async ({ page }, testInfo) => {
  await staffSignIn(page, testInfo, '0909000999');
  await page.goto('/can-bo/cau-hinh/thu-tuc');
  await ready(page, testInfo);
  const procedure = page.locator('[data-testid="procedure-config"][data-code="2.000488"]');
  await procedure.locator('summary').first().click();
  const form = procedure.getByTestId('fee-line-form');
  await form.locator('input[name="name"]').fill('Phí cấp thêm Phiếu (thử)');
  await form.locator('input[name="amount_vnd"]').fill('0');
  await form.locator('input[name="unit"]').fill('phiếu');
  await form.locator('input[name="valid_from"]').fill('2027-01-01');
  await form.locator('input[name="legal_basis"]').fill('TT 244/2016/TT-BTC Điều 4');
  await form.locator('select[name="count_field"]').selectOption('so_phieu');
  await form.locator('input[name="tiers"]').fill('3: 5.000');
  await form.getByTestId('fee-preview-button').click();
  // TT 244/2016/TT-BTC Điều 4: nothing for the first two records, 5.000 đ each from
  // the third; "Xem ví dụ" saves nothing.
  await expect(page.getByTestId('flash'))
    .toContainText('1 phiếu: 0 đ; 2 phiếu: 0 đ; 3 phiếu: 5.000 đ; 5 phiếu: 15.000 đ');
  await expect(page).toHaveURL(/\/can-bo\/cau-hinh\/thu-tuc$/);
  const again = page.locator('[data-testid="procedure-config"][data-code="2.000488"]')
    .getByTestId('fee-line-form');
  await expect(again.locator('input[name="tiers"]')).toHaveValue('3: 5.000');
  await expect(again.locator('input[name="name"]')).toHaveValue('Phí cấp thêm Phiếu (thử)');
  // A tier without what it counts cannot price: refused, in words, still typed.
  await again.locator('select[name="count_field"]').selectOption('');
  await again.getByTestId('fee-save').click();
  await expect(page.getByTestId('flash')).toHaveAttribute('role', 'alert');
  await expect(page).not.toHaveURL(/__err/);
  await expect(page.locator('[data-testid="procedure-config"][data-code="2.000488"]')
    .getByTestId('fee-line-form').locator('input[name="tiers"]')).toHaveValue('3: 5.000');
});

test('a paid fee is refunded once a manager who did not ask approves it', async ({ page, browser, request }, testInfo) => {
  const jsOn = testInfo.project.use.javaScriptEnabled !== false;
  const { code, phone } = await submitFeeDossier(page, request, testInfo, '1', '200.000 đ');
  await ready(page, testInfo);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/thanh-toan\/\d+$/);
  const id = page.url().split('/thanh-toan/')[1];
  const attempt = await (await page.request.get(`/api/v1/payments/${id}`)).json();
  const paid = await request.post('/sandbox/bank/transfers', { data: { qr: attempt.qr_payload } });
  expect(paid.ok()).toBeTruthy();

  // The officer asks, with a reason, from the dossier's page.
  const officerContext = await browser.newContext({ javaScriptEnabled: jsOn });
  const officer = await officerContext.newPage();
  await staffSignIn(officer, testInfo);
  await officer.goto(`/can-bo/ho-so/${code}`);
  await ready(officer, testInfo);
  await officer.getByTestId('fee-notice').locator('summary').click();
  await officer.locator('#refund-reason').fill('Công dân rút hồ sơ, hoàn phí');
  await officer.getByTestId('refund-ask').click();
  await expect(officer.getByTestId('flash')).toContainText('Đã gửi đề nghị hoàn phí');
  await officer.goto(`/can-bo/ho-so/${code}`);
  await ready(officer, testInfo);
  await expect(officer.getByTestId('fee-notice-refund')).toContainText('Chờ lãnh đạo duyệt');
  // Whoever asked cannot approve.
  await officer.goto('/can-bo/hoan-phi');
  await ready(officer, testInfo);
  const asked = officer.getByTestId('refund').filter({ hasText: code });
  await expect(asked).toHaveCount(1);
  await expect(asked.getByTestId('refund-approve')).toHaveCount(0);

  // The agency's manager approves.
  const managerContext = await browser.newContext({ javaScriptEnabled: jsOn });
  const manager = await managerContext.newPage();
  await staffSignIn(manager, testInfo, '0909000555');
  await manager.goto('/can-bo/hoan-phi');
  await ready(manager, testInfo);
  await manager.getByTestId('refund').filter({ hasText: code }).getByTestId('refund-approve').click();
  await expect(manager.getByTestId('flash')).toContainText('Đã duyệt hoàn phí');
  await managerContext.close();

  // The officer records the transfer back with the bank's reference.
  await officer.goto('/can-bo/hoan-phi');
  await ready(officer, testInfo);
  const approved = officer.getByTestId('refund').filter({ hasText: code });
  await expect(approved).toHaveAttribute('data-status', 'approved');
  const reference = `FT${Date.now()}`;
  await approved.locator('input[name="bank_reference"]').fill(reference);
  await approved.getByTestId('refund-record').click();
  await expect(officer.getByTestId('flash')).toContainText('Đã ghi nhận hoàn phí');
  await officer.goto('/can-bo/hoan-phi?tat-ca=1');
  await ready(officer, testInfo);
  const done = officer.getByTestId('refund').filter({ hasText: code });
  await expect(done.getByTestId('refund-status')).toHaveText('Đã hoàn phí');
  await expect(done.getByTestId('refund-bank-reference')).toHaveText(reference);
  await officerContext.close();

  // The citizen sees it on the dossier and is texted; the receipt no longer verifies.
  await page.goto(`/ho-so/${code}`);
  await ready(page, testInfo);
  await expect(page.getByTestId('fee-refunded')).toHaveText('Đã hoàn phí');
  // The text goes out through the job queue, just after the pay-out's commit.
  await expect.poll(async () => JSON.stringify((await (await request.get(`/sandbox/sms?phone=${phone}`, { headers: { accept: 'application/json' } })).json()).messages))
    .toContain(reference);
  const now = await (await page.request.get(`/api/v1/payments/${id}`)).json();
  expect(now.status).toBe('paid');
});

test('an administrator opens the job queue from the staff home', async ({ page }, testInfo) => {
  await staffSignIn(page, testInfo, '0909000999');
  await page.getByTestId('jobs-link').click();
  await expect(page).toHaveURL(/\/can-bo\/hang-doi$/);
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hàng đợi công việc');
  await expect(page.getByTestId('job-counts')).toBeVisible();
  // Nothing in this run keeps failing: no given-up job, and the counts are per kind and state.
  await expect(page.getByTestId('no-dead-jobs')).toHaveText('Không có việc nào phải dừng.');
  for (const row of await page.getByTestId('job-count').all()) {
    await expect(row).toHaveAttribute('data-status', /^(queued|running|done)$/);
  }
});

test('an officer is told the job queue is for administrators', async ({ page }, testInfo) => {
  await staffSignIn(page, testInfo, '0909000111');
  await page.goto('/can-bo/hang-doi');
  await ready(page, testInfo);
  await expect(page.getByText('Chỉ quản trị viên được xem hàng đợi công việc.')).toBeVisible();
  await expect(page.getByTestId('job-counts')).toHaveCount(0);
});
