// Register with the OTP read from the sandbox outbox, then see the account.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeFor, newClient, randomNationalId, randomPhone, ready } from './helpers.mjs';

test('register by phone and OTP', async ({ page, request }, testInfo) => {
  const phone = randomPhone();
  await newClient(page);
  await page.goto('/dang-nhap');
  await ready(page, testInfo);
  await page.getByLabel('Số điện thoại di động').fill('12345');
  await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
  await expect(page.getByTestId('phone-error')).toContainText('Số điện thoại không hợp lệ');
  // Without JavaScript the refusal comes back in the flash, not in the address.
  await expect(page).toHaveURL(/\/dang-nhap$/);

  await page.getByLabel('Số điện thoại di động').fill(phone);
  await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
  await expect(page).toHaveURL(new RegExp(`/dang-nhap/xac-thuc\\?phone=${phone}`));
  await expect(page.getByTestId('verify-phone')).toHaveText(phone);
  await ready(page, testInfo);
  const code = await codeFor(request, phone);

  await page.getByLabel('Mã xác thực').fill(code);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByTestId('registration')).toBeVisible();

  await page.getByLabel('Mã xác thực').fill(code);
  await page.getByLabel('Họ và tên').fill('Nguyễn Thị Mai');
  await page.getByLabel('Ngày sinh').fill('1992-08-15');
  const cccd = randomNationalId(1992, true);
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill(cccd);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page).toHaveURL(/\/tai-khoan$/);
  await expect(page.getByTestId('account-name')).toHaveText('Nguyễn Thị Mai');
  await expect(page.getByTestId('account')).toContainText(`0011******${cccd.slice(10)}`);
});

test('a CCCD that does not match the birth date is refused next to the field', async ({ page, request }, testInfo) => {
  const phone = randomPhone();
  await newClient(page);
  await page.goto('/dang-nhap');
  await ready(page, testInfo);
  await page.getByLabel('Số điện thoại di động').fill(phone);
  await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
  await expect(page).toHaveURL(/xac-thuc/);
  await ready(page, testInfo);
  const code = await codeFor(request, phone);
  await page.getByLabel('Mã xác thực').fill(code);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByTestId('registration')).toBeVisible();
  await page.getByLabel('Mã xác thực').fill(code);
  await page.getByLabel('Họ và tên').fill('Lê Văn Nam');
  await page.getByLabel('Ngày sinh').fill('1990-01-01');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001095000123');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByTestId('national_id-error')).toContainText('không khớp');
});

test('a CCCD scanned by a 2D scanner fills the identity fields', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.use.javaScriptEnabled === false, 'reading the scan happens in the page (the scanner types into it)');
  const phone = randomPhone();
  await newClient(page);
  await page.goto('/dang-nhap');
  await ready(page, testInfo);
  await page.getByLabel('Số điện thoại di động').fill(phone);
  await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
  await expect(page).toHaveURL(/xac-thuc/);
  await ready(page, testInfo);
  const code = await codeFor(request, phone);
  await page.getByLabel('Mã xác thực').fill(code);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByTestId('registration')).toBeVisible();

  // A scan that is not a card is refused with a reason, and fills nothing.
  const scanField = page.locator('#cccd-scan');
  await scanField.focus();
  await page.keyboard.type('https://example.com/khong-phai-the\n');
  await expect(page.getByTestId('cccd-scan-result')).toContainText('không phải mã trên thẻ căn cước');
  await expect(page.getByLabel('Họ và tên')).toHaveValue('');

  // The scanner types the card's QR and presses Enter.
  const cccd = randomNationalId(1990);
  await scanField.focus();
  await page.keyboard.type(`${cccd}|012345678|Nguyễn Văn Quét|17051990|Nam|Số 5 ngõ 3, Hà Đông, Hà Nội|01072021\n`);
  await expect(page.getByTestId('cccd-scan-result')).toContainText('Đã đọc thẻ: Nguyễn Văn Quét');
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Nguyễn Văn Quét');
  await expect(page.getByLabel('Ngày sinh')).toHaveValue('1990-05-17');
  await expect(page.getByLabel('Số định danh cá nhân (CCCD)')).toHaveValue(cccd);
  await expect(scanField).toHaveValue('');
  await page.getByLabel('Mã xác thực').fill(code);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page).toHaveURL(/\/tai-khoan$/);
  await expect(page.getByTestId('account-name')).toHaveText('Nguyễn Văn Quét');
});

test('on a phone, a photo of the CCCD QR fills the identity fields', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.use.javaScriptEnabled === false, 'the camera button needs the page script');
  await page.setViewportSize({ width: 390, height: 844 });
  const phone = randomPhone();
  await newClient(page);
  await page.goto('/dang-nhap');
  await ready(page, testInfo);
  await page.getByLabel('Số điện thoại di động').fill(phone);
  await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
  await expect(page).toHaveURL(/xac-thuc/);
  await ready(page, testInfo);
  const code = await codeFor(request, phone);
  await page.getByLabel('Mã xác thực').fill(code);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByTestId('registration')).toBeVisible();
  const dir = mkdtempSync(join(tmpdir(), 'motcua-cccd-'));

  // A picture with no QR in it: told what to do, nothing filled.
  await page.getByTestId('cccd-photo').setInputFiles({ name: 'anh.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a', 'hex') });
  await expect(page.getByTestId('cccd-scan-result')).toContainText('Không đọc được mã QR');
  await expect(page.getByLabel('Họ và tên')).toHaveValue('');

  // The card's QR, photographed: read on the server, checked and filled in the page.
  const cccd = randomNationalId(1985, true);
  const shot = join(dir, 'cccd.png');
  execFileSync('qrencode', ['-s', '9', '-m', '12', '-o', shot,
    `${cccd}|012345678|Trần Thị Ảnh|02031985|Nữ|Thôn 2, xã Tân Dân, Hà Nội|15082021`]);
  await page.getByTestId('cccd-photo').setInputFiles(shot);
  await expect(page.getByTestId('cccd-scan-result')).toContainText('Đã đọc thẻ: Trần Thị Ảnh');
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Trần Thị Ảnh');
  await expect(page.getByLabel('Ngày sinh')).toHaveValue('1985-03-02');
  await expect(page.getByLabel('Số định danh cá nhân (CCCD)')).toHaveValue(cccd);
});
