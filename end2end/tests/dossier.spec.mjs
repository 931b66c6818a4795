// A citizen submits a dossier with a file; staff ask for a supplement; the citizen sends
// it; staff take it to "Đã trả kết quả". Runs with JavaScript on and off.
import { test, expect } from '@playwright/test';
import { ready, registerFrom, staffSignIn, watchCsp } from './helpers.mjs';

// The citizen is on a phone; staff (their own browser context) at a desktop.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

test('submit with a file, answer a supplement request, follow it to the result', async ({ page, browser, request }, testInfo) => {
  const csp = watchCsp(page);
  await page.goto('/nop-ho-so/2.000488');
  const { phone, nationalId } = await registerFrom(page, request, testInfo);
  await expect(page).toHaveURL(/\/nop-ho-so\/2\.000488$/);
  await ready(page, testInfo);

  // The form starts from what the account knows.
  await expect(page.locator('#f-ho_ten')).toHaveValue('Nguyễn Văn An');
  await expect(page.locator('#f-so_dien_thoai')).toHaveValue(phone);
  await page.locator('#f-so_cccd').fill(nationalId);
  await page.locator('#f-dia_chi\\.province').selectOption({ label: 'Thành phố Hà Nội' });
  await page.locator('#f-dia_chi\\.commune').fill('Hà Đông');
  await page.locator('#f-dia_chi\\.street').fill('Số 5 ngõ 3 Quang Trung');
  await page.locator('#f-loai_phieu').selectOption('Phiếu số 1');
  await page.locator('#f-so_phieu').fill('1');
  await page.locator('#f-muc_dich').fill('Bổ sung hồ sơ xin việc');
  await page.locator('#f-cam_doan').check();
  await page.getByTestId('file-input').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByTestId('submit').click();

  await expect(page).toHaveURL(/\/ho-so\/000\.00\.31\.H53-\d{6}-\d{4,}$/);
  const code = decodeURIComponent(page.url().split('/ho-so/')[1]);
  await expect(page.getByTestId('flash')).toContainText(`Đã nộp hồ sơ. Mã hồ sơ của bạn: ${code}`);
  await expect(page.getByTestId('status')).toHaveText('Mới đăng ký, chờ tiếp nhận');
  await expect(page.getByTestId('attachments')).toContainText('to-khai.pdf');

  // The officer of the agency asks for a supplement, with a note.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await staffSignIn(staff, testInfo);
  await staff.getByTestId('queue-link').click();
  await staff.getByRole('link', { name: code }).click();
  await ready(staff, testInfo);
  await staff.locator('#note').fill('Bổ sung ảnh chụp mặt sau CCCD');
  await staff.getByTestId('action-request_supplement').click();
  await expect(staff.getByTestId('flash')).toContainText('Yêu cầu bổ sung hồ sơ');

  // The citizen reads the note, adds a photo and sends the supplement.
  await page.goto(`/ho-so/${code}`);
  await ready(page, testInfo);
  await expect(page.getByTestId('officer-note')).toContainText('Bổ sung ảnh chụp mặt sau CCCD');
  await expect(page.getByTestId('status')).toHaveText('Yêu cầu bổ sung hồ sơ');
  await page.getByTestId('supplement-form').getByTestId('file-input').setInputFiles({ name: 'cccd-mat-sau.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('resubmit').click();
  await expect(page.getByTestId('status')).toHaveText('Đã bổ sung, chờ tiếp nhận');
  await expect(page.getByTestId('attachments')).toContainText('cccd-mat-sau.png');

  // The officer takes it to the end.
  await staff.reload();
  await ready(staff, testInfo);
  // Intake of an unpaid dossier waits for the fee: the citizen pays by QR, then it moves on.
  await staff.getByTestId('action-receive').click();
  await expect(staff.getByTestId('status')).toHaveText('Chờ nộp phí, lệ phí');
  await expect(staff.getByTestId('action-start_processing')).toHaveCount(0);
  await page.goto(`/ho-so/${code}`);
  await ready(page, testInfo);
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/thanh-toan\/\d+$/);
  const id = page.url().split('/thanh-toan/')[1];
  const attempt = await (await page.request.get(`/api/v1/payments/${id}`)).json();
  const paid = await request.post('/sandbox/bank/transfers', { data: { qr: attempt.qr_payload } });
  expect(paid.ok()).toBeTruthy();
  await staff.reload();
  await ready(staff, testInfo);
  await expect(staff.getByTestId('status')).toHaveText('Đã tiếp nhận');
  for (const action of ['start_processing', 'mark_result_ready', 'return']) {
    await staff.getByTestId(`action-${action}`).click();
    await expect(staff.getByTestId('flash')).toBeVisible();
    await ready(staff, testInfo);
  }
  await expect(staff.getByTestId('status')).toHaveText('Đã trả kết quả');
  await staffContext.close();

  await page.goto(`/ho-so/${code}`);
  await expect(page.getByTestId('status')).toHaveText('Đã trả kết quả');
  await expect(page.getByTestId('timeline').locator('li')).toHaveCount(9);

  // Anyone with the code and the phone can follow it without signing in.
  const anonymous = await browser.newContext();
  const visitor = await anonymous.newPage();
  await visitor.goto(`/tra-cuu?ma=${encodeURIComponent(code)}&sdt=${phone}`);
  await expect(visitor.getByTestId('lookup-result')).toContainText('Đã trả kết quả');
  await anonymous.close();
  expect(csp).toEqual([]);
});

test('the form keeps answers and points at each problem', async ({ page, request }, testInfo) => {
  await page.goto('/nop-ho-so/2.000488');
  await registerFrom(page, request, testInfo);
  await expect(page).toHaveURL(/\/nop-ho-so\/2\.000488$/);
  await ready(page, testInfo);
  await page.locator('#f-so_cccd').fill('123');
  if (testInfo.project.use.javaScriptEnabled !== false) {
    // With JavaScript the field checks itself as soon as it is left.
    await page.locator('#f-so_cccd').blur();
    await expect(page.getByTestId('so_cccd-error')).toContainText('12 chữ số');
  }
  await page.locator('#f-muc_dich').fill('Xin việc');
  // Saving a draft skips the browser's required checks; nothing typed is lost.
  await page.getByTestId('save-draft').click();
  await expect(page.getByTestId('flash')).toContainText('Đã lưu bản nháp');
  await expect(page.locator('#f-muc_dich')).toHaveValue('Xin việc');
  await expect(page.locator('#f-so_cccd')).toHaveValue('123');
  // The server checks everything and marks each field.
  await page.goto('/nop-ho-so/2.000488?kiem-tra=1');
  await expect(page.getByTestId('form-problems')).toBeVisible();
  await expect(page.getByTestId('so_cccd-error')).toContainText('12 chữ số');
  await expect(page.getByTestId('cam_doan-error')).toBeVisible();
});
