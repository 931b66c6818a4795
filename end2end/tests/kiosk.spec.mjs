// The kiosk: enrolled from the staff console, used by touch on a portrait screen,
// followed from the console, and forgetting the citizen when left alone.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeFor, randomNationalId, randomPhone, ready, watchCsp } from './helpers.mjs';

/** Types on the on-screen keyboard by touch: capitals through "Chữ hoa", spaces on the bar. */
async function typeOnScreen(page, keys) {
  const osk = page.getByTestId('osk');
  for (const ch of keys) {
    if (ch === ' ') {
      await osk.getByTestId('osk-space').tap();
    } else if (/[A-Z]/.test(ch)) {
      await osk.getByTestId('osk-shift').tap();
      await osk.locator(`[data-key="${ch.toLowerCase()}"]`).tap();
    } else {
      await osk.locator(`[data-key="${ch}"]`).tap();
    }
  }
}

test('enrol a kiosk, sign in by touch, and forget everything when left alone', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(150_000);
  const csp = watchCsp(page);

  // An administrator registers the kiosk and reads its one-time code.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto('/can-bo/dang-nhap');
  await ready(admin, testInfo);
  await admin.locator('#staff-phone').fill('0909000999');
  await admin.locator('#staff-password').fill('mat-khau-e2e-du-dai');
  await admin.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(admin.getByTestId('staff-name')).toBeVisible();
  await admin.getByTestId('kiosks-link').click();
  await ready(admin, testInfo);
  await admin.locator('#k-name').fill('Ki-ốt sảnh A');
  await admin.locator('#k-location').fill('Sảnh A, tầng 1');
  await admin.getByRole('button', { name: 'Đăng ký' }).click();
  const flash = await admin.getByTestId('flash').textContent();
  const code = flash.match(/: ([2-9A-Z]{8})\./)[1];

  // The installer enrols the device once.
  await page.goto('/kiosk');
  await page.locator('#code').fill(code);
  await page.getByRole('button', { name: 'Kích hoạt' }).tap();
  await expect(page.getByTestId('attract')).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByTestId('kiosk-name')).toHaveText('Ki-ốt sảnh A');

  // Touch to start; every control on the menu is at least 56 px tall.
  await page.getByTestId('attract').tap();
  await expect(page.getByTestId('tile-sign-in')).toBeVisible();
  await ready(page, testInfo);
  for (const control of await page.locator('header a, header button, main a, main button').all()) {
    const box = await control.boundingBox();
    expect(box.height, await control.textContent()).toBeGreaterThanOrEqual(56);
  }
  await page.getByTestId('kiosk-larger').tap();
  await expect(page.locator('html')).toHaveClass(/kiosk-large/);

  // A citizen signs in (phone and OTP) and registers, typing only on the screen.
  const phone = randomPhone();
  const nationalId = randomNationalId(1990);
  await page.getByTestId('tile-sign-in').tap();
  await ready(page, testInfo);
  await page.getByLabel('Số điện thoại di động').tap();
  await expect(page.getByTestId('osk')).toHaveAttribute('data-pad', 'digits');
  await typeOnScreen(page, phone);
  await expect(page.getByLabel('Số điện thoại di động')).toHaveValue(phone);
  await page.getByRole('button', { name: 'Gửi mã xác thực' }).tap();
  await expect(page).toHaveURL(/xac-thuc/);
  await ready(page, testInfo);
  await page.getByLabel('Mã xác thực').tap();
  await typeOnScreen(page, await codeFor(request, phone));
  await page.getByRole('button', { name: 'Tiếp tục' }).tap();
  await expect(page.getByTestId('registration')).toBeVisible();
  // Telex on the on-screen keyboard: "Nguyeenx Vawn Aan" gives "Nguyễn Văn Ân" (NFC).
  await page.getByLabel('Họ và tên').tap();
  await expect(page.getByTestId('osk')).toHaveAttribute('data-pad', 'letters');
  await typeOnScreen(page, 'Nguyeenx Vawn Aan');
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Nguyễn Văn Ân');
  expect(await page.getByLabel('Họ và tên').evaluate((el) => el.value === el.value.normalize('NFC'))).toBe(true);
  await page.getByLabel('Ngày sinh').fill('1990-05-17');
  await page.getByLabel('Số định danh cá nhân (CCCD)').tap();
  await typeOnScreen(page, nationalId);
  await page.getByTestId('osk-done').tap();
  await expect(page.getByTestId('osk')).toBeHidden();
  await page.getByRole('button', { name: 'Tiếp tục' }).tap();
  await expect(page).not.toHaveURL(/xac-thuc/);
  await page.goto('/tai-khoan');
  await ready(page, testInfo);
  await expect(page.locator('main')).toContainText('Nguyễn Văn Ân');

  // "Tiếp tục trên điện thoại": the QR opens the same page on the phone, signed in, once.
  await page.getByTestId('kiosk-phone').tap();
  const qr = page.getByTestId('phone-qr');
  await expect(qr.locator('svg')).toBeVisible();
  const shot = join(mkdtempSync(join(tmpdir(), 'motcua-phone-')), 'qr.png');
  await qr.screenshot({ path: shot });
  const link = execFileSync('zbarimg', ['--quiet', '--raw', shot]).toString().trim();
  expect(link).toBe(await qr.getAttribute('data-url'));
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  const phonePage = await phoneContext.newPage();
  await phonePage.goto(link);
  await expect(phonePage).toHaveURL(/\/tai-khoan$/);
  await expect(phonePage.locator('main')).toContainText('Nguyễn Văn Ân');
  const again = await phonePage.goto(link);
  expect(again.status()).toBe(404);
  await expect(phonePage.getByTestId('handoff-expired')).toBeVisible();
  await phoneContext.close();
  await page.goto('/tai-khoan');
  await ready(page, testInfo);
  await page.evaluate(() => { localStorage.setItem('ban-nhap', 'Nguyễn'); sessionStorage.setItem('buoc', '2'); });

  // Left alone: a warning with a large "Tiếp tục" that keeps the visit going...
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 15_000 });
  const cont = page.getByTestId('idle-continue');
  expect((await cont.boundingBox()).height).toBeGreaterThanOrEqual(56);
  await cont.tap();
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await expect(page.locator('main')).toContainText('Nguyễn Văn Ân');

  // ...and when nobody answers, the visit ends and nothing personal remains.
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('attract')).toBeVisible({ timeout: 40_000 });
  const cookies = (await page.context().cookies()).map((c) => c.name);
  expect(cookies).toEqual(['motcua_kiosk']);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  const html = await page.content();
  for (const secret of [phone, nationalId, 'Nguyễn Văn Ân']) {
    expect(html).not.toContain(secret);
  }
  expect((await page.locator('html').getAttribute('class')) || '').not.toContain('kiosk-large');
  await page.goto('/tai-khoan');
  await expect(page.locator('main')).not.toContainText('Nguyễn Văn Ân');

  // The console sees it online and switches it to assisted mode; the kiosk shows who helps.
  await admin.reload();
  await expect(admin.getByTestId('kiosk-status')).toHaveText('Trực tuyến');
  await admin.getByRole('button', { name: 'Chuyển sang hỗ trợ' }).click();
  await expect(admin.getByTestId('kiosk-mode')).toContainText('Quản trị Kiểm thử');
  await page.goto('/kiosk/menu');
  await expect(page.getByTestId('assist-banner')).toContainText('Quản trị Kiểm thử');
  await page.screenshot({ path: testInfo.outputPath('kiosk-assisted.png') });
  await adminContext.close();

  // "Kết thúc" ends a visit at once, from any screen.
  await ready(page, testInfo);
  await page.getByTestId('tile-lookup').tap();
  await ready(page, testInfo);
  await page.getByTestId('kiosk-finish').tap();
  await expect(page.getByTestId('attract')).toBeVisible();

  // A member of staff takes over: PIN set in the console, then code + PIN on the kiosk.
  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  await officer.goto('/can-bo/dang-nhap');
  await ready(officer, testInfo);
  await officer.locator('#staff-phone').fill('0909000111');
  await officer.locator('#staff-password').fill('mat-khau-e2e-du-dai');
  await officer.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(officer.getByTestId('staff-name')).toBeVisible();
  await officer.locator('#kiosk-pin').fill('480219');
  await officer.getByRole('button', { name: 'Đặt mã PIN' }).click();
  const staffCode = (await officer.getByTestId('flash').textContent()).match(/CB\d{5}/)[0];
  await officerContext.close();

  await page.goto('/kiosk/menu');
  await ready(page, testInfo);
  await page.getByTestId('kiosk-assist').tap();
  await ready(page, testInfo);
  await page.locator('#staff-code').tap();
  await typeOnScreen(page, staffCode);
  await page.locator('#staff-pin').tap();
  await expect(page.getByTestId('osk')).toHaveAttribute('data-pad', 'digits');
  await typeOnScreen(page, '480219');
  await page.getByRole('button', { name: 'Mở chế độ hỗ trợ' }).tap();
  await expect(page.getByTestId('assist-by')).toContainText('Cán bộ Kiểm thử');
  await expect(page.getByTestId('assist-banner')).toContainText('Cán bộ Kiểm thử');
  // Find the citizen, attest the ID was checked in person: signed in as them, no OTP.
  await ready(page, testInfo);
  await page.locator('#tim').tap();
  await typeOnScreen(page, phone);
  await page.getByRole('button', { name: 'Tìm', exact: true }).tap();
  await expect(page.getByTestId('assist-citizen')).toContainText('Nguyễn Văn Ân');
  await page.getByTestId('assist-attest').tap();
  await expect(page.getByTestId('tile-mine')).toBeVisible();
  await page.goto('/tai-khoan');
  await expect(page.locator('main')).toContainText('Nguyễn Văn Ân');
  // Handing back wipes everything and the kiosk is self-service again.
  await page.goto('/kiosk/ho-tro');
  await ready(page, testInfo);
  await page.getByTestId('assist-leave').tap();
  await expect(page.getByTestId('attract')).toBeVisible();
  await expect(page.getByTestId('assist-banner')).toHaveCount(0);
  expect((await page.context().cookies()).map((c) => c.name)).toEqual(['motcua_kiosk']);
  expect(csp).toEqual([]);
});
