// The kiosk: enrolled from the staff console, used by touch on a portrait screen,
// followed from the console, and forgetting the citizen when left alone.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeFor, newClient, randomNationalId, randomPhone, ready, staffSignIn, watchCsp } from './helpers.mjs';

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

/** An administrator registers a kiosk in the console; the device enrols with the
 *  one-time code and shows the attract screen. Returns the admin's page. */
async function enrolKiosk(browser, page, testInfo, name) {
  const admin = await consoleSignIn(browser, testInfo, '0909000999');
  await admin.getByTestId('kiosks-link').click();
  await ready(admin, testInfo);
  await admin.locator('#k-name').fill(name);
  await admin.locator('#k-location').fill('Sảnh A, tầng 1');
  await admin.getByRole('button', { name: 'Đăng ký' }).click();
  const flash = await admin.getByTestId('flash').textContent();
  const code = flash.match(/: ([2-9A-Z]{8})\./)[1];

  await page.goto('/kiosk');
  await page.locator('#code').fill(code);
  await page.getByRole('button', { name: 'Kích hoạt' }).tap();
  await expect(page.getByTestId('attract')).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByTestId('kiosk-name')).toHaveText(name);
  return admin;
}

/** From the sign-in page: phone and OTP on the numeric pad, then the registration with
 *  the name typed in Telex ("Nguyeenx Vawn Aan" gives "Nguyễn Văn Ân", NFC). */
async function signInOnScreen(page, request, testInfo, phone, nationalId) {
  // The centre's kiosks sit behind its own address.
  await newClient(page);
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
}

/** A member of staff signs in to the console in a context of their own. */
async function consoleSignIn(browser, testInfo, phone) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await staffSignIn(page, testInfo, phone);
  return page;
}

/** Reads a QR code off the screen, as a phone camera or a 2D scanner would. */
async function readQr(locator) {
  const shot = join(mkdtempSync(join(tmpdir(), 'motcua-qr-')), 'qr.png');
  await locator.screenshot({ path: shot });
  return execFileSync('zbarimg', ['--quiet', '--raw', shot]).toString().trim();
}

test('enrol a kiosk, sign in by touch, and forget everything when left alone', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(150_000);
  const csp = watchCsp(page);

  const admin = await enrolKiosk(browser, page, testInfo, 'Ki-ốt sảnh A');
  const adminContext = admin.context();

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
  await signInOnScreen(page, request, testInfo, phone, nationalId);
  await page.goto('/tai-khoan');
  await ready(page, testInfo);
  await expect(page.locator('main')).toContainText('Nguyễn Văn Ân');

  // "Tiếp tục trên điện thoại": the QR opens the same page on the phone, signed in, once.
  await page.getByTestId('kiosk-phone').tap();
  const qr = page.getByTestId('phone-qr');
  await expect(qr.locator('svg')).toBeVisible();
  const link = await readQr(qr);
  expect(link).toBe(await qr.getAttribute('data-url'));
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  const phonePage = await phoneContext.newPage();
  await phonePage.goto(link);
  // The phone asks first, naming the account masked; only "Tiếp tục" signs in.
  await expect(phonePage.getByTestId('handoff-ask')).toContainText('N***** V** Â*');
  await phonePage.getByTestId('handoff-continue').click();
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
  // It follows live: the banner appears on the open page without anyone touching it.
  await admin.reload();
  const row = admin.getByTestId('kiosk-row').filter({ hasText: 'Ki-ốt sảnh A' });
  await expect(row.getByTestId('kiosk-status')).toHaveText('Trực tuyến');
  await row.getByRole('button', { name: 'Chuyển sang hỗ trợ' }).click();
  await expect(admin.getByTestId('kiosk-row').filter({ hasText: 'Ki-ốt sảnh A' }).getByTestId('kiosk-mode'))
    .toContainText('Quản trị Kiểm thử');
  await expect(page.getByTestId('assist-banner')).toContainText('Quản trị Kiểm thử', { timeout: 15_000 });
  await page.screenshot({ path: testInfo.outputPath('kiosk-assisted.png') });
  await adminContext.close();

  // "Kết thúc" ends a visit at once, from any screen.
  await ready(page, testInfo);
  await page.getByTestId('attract').tap();
  await expect(page.getByTestId('assist-banner')).toContainText('Quản trị Kiểm thử');
  await ready(page, testInfo);
  await page.getByTestId('tile-lookup').tap();
  await ready(page, testInfo);
  await page.getByTestId('kiosk-finish').tap();
  await expect(page.getByTestId('attract')).toBeVisible();

  // A member of staff takes over: PIN set in the console, then code + PIN on the kiosk.
  const officer = await consoleSignIn(browser, testInfo, '0909000111');
  await officer.locator('#kiosk-pin').fill('480219');
  await officer.getByRole('button', { name: 'Đặt mã PIN' }).click();
  const staffCode = (await officer.getByTestId('flash').textContent()).match(/CB\d{8}/)[0];

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
  // The personal numbers are masked on the kiosk's screen; the PIN confirms each attestation.
  await expect(page.getByTestId('assist-citizen')).toContainText('******');
  await expect(page.getByTestId('assist-citizen')).not.toContainText(nationalId);
  // The number was typed by the citizen: not verified until the officer reads it off
  // the card in their hand (issue 15, item 1).
  await expect(page.getByTestId('assist-verified')).toContainText('chưa xác minh');
  await ready(page, testInfo);
  await page.getByTestId('assist-card-number').tap();
  await typeOnScreen(page, nationalId);
  await page.getByTestId('assist-attest-pin').tap();
  await typeOnScreen(page, '480219');
  await page.getByTestId('assist-attest').tap();
  await expect(page.getByTestId('tile-mine')).toBeVisible();
  await page.goto('/tai-khoan');
  await expect(page.locator('main')).toContainText('Nguyễn Văn Ân');
  await expect(page.getByTestId('account-id-verified')).toHaveAttribute('data-verified', 'true');
  // Handing back wipes everything and the kiosk is self-service again.
  await page.goto('/kiosk/ho-tro');
  await ready(page, testInfo);
  await page.getByTestId('assist-leave').tap();
  await expect(page.getByTestId('attract')).toBeVisible();
  await expect(page.getByTestId('assist-banner')).toHaveCount(0);
  expect((await page.context().cookies()).map((c) => c.name)).toEqual(['motcua_kiosk']);

  // The officer prints a staff badge; the kiosk's scanner (typing like a keyboard)
  // reads it into the assistance page: assisted again, no code or PIN typed.
  await officer.getByTestId('badge-issue').click();
  await expect(officer.getByTestId('badge-name')).toHaveText('Cán bộ Kiểm thử');
  const badge = await readQr(officer.getByTestId('badge-qr'));
  expect(badge).toMatch(/^MCCB-[2-9A-Z]{26}$/);
  await page.goto('/kiosk/ho-tro');
  await ready(page, testInfo);
  await page.locator('#staff-badge').tap();
  await expect(page.getByTestId('osk')).toBeHidden();
  await page.keyboard.type(badge);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('assist-by')).toContainText('Cán bộ Kiểm thử');
  await ready(page, testInfo);
  // Ended from the console: the kiosk notices by itself and wipes the visit.
  await officer.goto('/can-bo/ki-ot');
  await officer.getByTestId('kiosk-row').filter({ hasText: 'Ki-ốt sảnh A' })
    .getByRole('button', { name: 'Trả về tự phục vụ' }).click();
  await expect(page.getByTestId('attract')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('assist-banner')).toHaveCount(0);
  expect((await page.context().cookies()).map((c) => c.name)).toEqual(['motcua_kiosk']);
  await officer.context().close();
  expect(csp).toEqual([]);
});

test('by touch alone: find a procedure, sign in, submit a dossier, pay and print the receipt', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(180_000);
  const csp = watchCsp(page);
  const name = `Ki-ốt sảnh B ${Date.now() % 100000}`;
  const admin = await enrolKiosk(browser, page, testInfo, name);
  await admin.context().close();

  // Find the criminal-record procedure by typing on the screen, without accents.
  await page.getByTestId('attract').tap();
  await ready(page, testInfo);
  await page.getByTestId('tile-submit').tap();
  await ready(page, testInfo);
  await page.getByLabel('Tìm thủ tục').tap();
  await typeOnScreen(page, 'ly lich tu phap');
  await page.getByTestId('osk-done').tap();
  await page.getByRole('button', { name: 'Tìm kiếm' }).tap();
  await page.getByTestId('result-link').first().tap();
  await expect(page).toHaveURL(/\/thu-tuc\/2\.000488$/);
  await ready(page, testInfo);
  await page.getByTestId('submit-dossier').tap();
  await ready(page, testInfo);
  await page.getByTestId('sign-in-link').tap();
  await ready(page, testInfo);
  const phone = randomPhone();
  const nationalId = randomNationalId(1990);
  await signInOnScreen(page, request, testInfo, phone, nationalId);
  await expect(page).toHaveURL(/\/nop-ho-so\/2\.000488$/);
  await ready(page, testInfo);

  // The form, by touch: the on-screen keyboard for text, pickers for lists.
  await expect(page.locator('#f-ho_ten')).toHaveValue('Nguyễn Văn Ân');
  await page.locator('#f-so_cccd').tap();
  await typeOnScreen(page, nationalId);
  await page.locator('#f-dia_chi\\.province').selectOption({ label: 'Thành phố Hà Nội' });
  await page.locator('#f-dia_chi\\.commune').tap();
  await typeOnScreen(page, 'Haf Ddoong');
  await expect(page.locator('#f-dia_chi\\.commune')).toHaveValue('Hà Đông');
  await page.locator('#f-dia_chi\\.street').tap();
  await typeOnScreen(page, 'Soos 5 Quang Trung');
  await page.locator('#f-loai_phieu').selectOption('Phiếu số 1');
  await page.locator('#f-so_phieu').tap();
  await typeOnScreen(page, '1');
  await page.locator('#f-muc_dich').tap();
  await typeOnScreen(page, 'Xin vieecj');
  await expect(page.locator('#f-muc_dich')).toHaveValue('Xin việc');
  await page.getByTestId('osk-done').tap();
  // The kiosk prices the request as it is typed, like any browser.
  await expect(page.getByTestId('fee-total')).toHaveText('200.000 đ');
  await page.locator('#f-cam_doan').tap();
  await page.getByTestId('submit').tap();
  await expect(page).toHaveURL(/\/ho-so\/000\.00\.31\.H53-\d{6}-\d{4,}$/);
  const code = decodeURIComponent(page.url().split('/ho-so/')[1]);
  await ready(page, testInfo);

  // Pay: a big QR with a countdown, confirmed live when the bank pays.
  await page.getByTestId('pay').tap();
  await expect(page).toHaveURL(/\/thanh-toan\/\d+$/);
  await ready(page, testInfo);
  const qr = page.getByTestId('payment-qr');
  expect((await qr.boundingBox()).width).toBeGreaterThanOrEqual(480);
  await expect(page.getByTestId('countdown')).toHaveText(/^\d{2}:\d{2}$/);
  const payload = await readQr(qr);
  const bankContext = await browser.newContext();
  const bank = await bankContext.newPage();
  await bank.goto('/sandbox/bank');
  await bank.locator('#qr').fill(payload);
  await bank.getByRole('button', { name: 'Chuyển khoản' }).click();
  await expect(bank.getByTestId('bank-result')).toContainText('Máy chủ đã nhận thông báo');
  await bankContext.close();
  await expect(page.getByTestId('payment-status')).toHaveText('Đã thanh toán', { timeout: 15_000 });

  // The 80 mm slip: agency, dossier code, amount, receipt number, a verification QR.
  await page.getByTestId('slip-link').tap();
  await expect(page.getByTestId('slip-number')).toHaveText(/^Số: \d{8}$/);
  await expect(page.getByTestId('receipt-slip')).toContainText(code);
  // One record: 200.000 đ (TT 244/2016/TT-BTC Điều 4).
  await expect(page.getByTestId('slip-amount')).toHaveText('200.000 đ');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: testInfo.outputPath('kiosk-slip-print.png'), fullPage: true });
  const slip = await readQr(page.locator('.slip-qr'));
  expect(slip).toMatch(/\/verify\/receipt\/[A-Za-z0-9_-]+$/);
  await page.emulateMedia({ media: 'screen' });

  // Done: "Kết thúc" and the kiosk forgets the citizen.
  await page.getByTestId('kiosk-finish').tap();
  await expect(page.getByTestId('attract')).toBeVisible();
  expect((await page.context().cookies()).map((c) => c.name)).toEqual(['motcua_kiosk']);
  expect(await page.content()).not.toContain(nationalId);
  expect(csp).toEqual([]);
});
