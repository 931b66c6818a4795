// Shared steps for the browser tests.
import { expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A random Vietnamese mobile number, so runs never collide. */
export function randomPhone() {
  return '09' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
}

/** Waits until the page is interactive: hydrated when JavaScript is on, loaded when off. */
export async function ready(page, testInfo) {
  if (testInfo.project.use.javaScriptEnabled === false) return;
  await page.waitForFunction(() => window.__motcuaHydrated === true, null, { timeout: 20_000 });
}

/** The newest 6-digit code sent to a phone, read from the sandbox SMS outbox. */
export async function codeFor(request, phone) {
  let code = null;
  await expect.poll(async () => {
    const res = await request.get(`/sandbox/sms?phone=${phone}`, { headers: { accept: 'application/json' } });
    const body = await res.json();
    const text = body.messages[0]?.body || '';
    code = (text.match(/\b\d{6}\b/) || [null])[0];
    return code;
  }).not.toBeNull();
  return code;
}

/** A CCCD number that passes validation for a birth year in the 1900s, unique per run. */
export function randomNationalId(birthYear, female = false) {
  const g = female ? '1' : '0';
  const yy = String(birthYear % 100).padStart(2, '0');
  return '001' + g + yy + String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
}

/** Collects Content-Security-Policy violations reported on the page's console. */
export function watchCsp(page) {
  const violations = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}

/** Makes the page's browser a client of its own: run.sh trusts 127.0.0.1 as a proxy
 *  (MOTCUA_TRUSTED_PROXIES), so the address in X-Forwarded-For is what the rate limits
 *  count, as behind the production proxy where every citizen has their own. */
export async function newClient(page) {
  const octet = () => 1 + Math.floor(Math.random() * 254);
  await page.context().setExtraHTTPHeaders({ 'X-Forwarded-For': `10.${octet()}.${octet()}.${octet()}` });
}

/** Signs a new citizen in from a page that asked for it, and returns their details. */
export async function registerFrom(page, request, testInfo) {
  await newClient(page);
  const phone = randomPhone();
  const nationalId = randomNationalId(1990);
  await page.getByTestId('sign-in-link').click();
  await expect(page).toHaveURL(/\/dang-nhap/);
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
  await page.getByLabel('Họ và tên').fill('Nguyễn Văn An');
  await page.getByLabel('Ngày sinh').fill('1990-05-17');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill(nationalId);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  return { phone, nationalId };
}

/** RFC 4648 base32 (no padding) to bytes. */
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit TOTP code (RFC 6238, SHA-1, 30 s) of a base32 secret for a step. */
export function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hash = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = hash[hash.length - 1] & 0x0f;
  const binary = (hash.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(binary).padStart(6, '0');
}

// The authenticator secret enrolled for each phone during this run, one file per phone,
// shared by the spec files (worker processes) of the run.
const TOTP_STATE = join(tmpdir(), `motcua-e2e-totp-${process.env.BASE_URL?.split(':').pop() || 'default'}`);

/** A 30-second step whose code no earlier sign-in of the run used for this phone (the
 *  server accepts a code once, and only a step later than the last it accepted). The
 *  claim is a file created exclusively, so even spec files run by parallel workers
 *  (the suite runs one worker today) never get the same step. */
async function claimStep(page, testInfo, phone) {
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    // Not in the last second of a step, so the code is still current when it arrives.
    if ((step + 1) * 30_000 - Date.now() > 1_000) {
      try {
        closeSync(openSync(`${TOTP_STATE}.${phone}.${step}`, 'wx'));
        return step;
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
      }
    }
    // Waiting for a code is not the page being slow: the test gets that time back.
    const wait = (step + 1) * 30_000 - Date.now() + 200;
    testInfo.setTimeout(testInfo.timeout + wait);
    await page.waitForTimeout(wait);
  }
}

/** Signs a member of staff in (created by run.sh): password, then the authenticator
 *  code, enrolling the "app" from the key shown on the first sign-in. */
export async function staffSignIn(page, testInfo, phone = '0909000111') {
  await page.goto('/can-bo/dang-nhap');
  await ready(page, testInfo);
  await page.locator('#staff-phone').fill(phone);
  await page.locator('#staff-password').fill('mat-khau-e2e-du-dai');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page).toHaveURL(/\/can-bo\/dang-nhap\/ma-xac-thuc/);
  await ready(page, testInfo);
  // With JavaScript the router opens the code page itself: whether it shows the
  // enrolment is known only once its step has loaded (else the enrolling worker would
  // see no key, write none, and every worker would wait for it in vain).
  await expect(page.locator('main').getByText('Đang tải…')).toHaveCount(0);
  const secretFile = `${TOTP_STATE}.${phone}.secret`;
  const enrol = page.getByTestId('totp-secret');
  if (await enrol.count() > 0) {
    await expect(page.getByTestId('totp-qr').locator('svg')).toBeVisible();
    writeFileSync(secretFile, (await enrol.textContent()).trim());
  }
  // Another worker may be enrolling this officer right now: its secret file follows.
  await expect.poll(() => existsSync(secretFile), {
    message: `an authenticator for ${phone}`, timeout: 15_000,
  }).toBeTruthy();
  const step = await claimStep(page, testInfo, phone);
  await page.locator('#staff-code').fill(totp(readFileSync(secretFile, 'utf8'), step));
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await expect(page.getByTestId('staff-name')).toBeVisible();
}

/** Registers a citizen from the submission page and submits a criminal-record dossier
 *  (a fee-bearing procedure) for `records` records, checking the total the form shows
 *  first when `total` is given; returns the dossier code and the citizen's phone. */
export async function submitFeeDossier(page, request, testInfo, records = '1', total = null) {
  await page.goto('/nop-ho-so/2.000488');
  const { phone, nationalId } = await registerFrom(page, request, testInfo);
  await expect(page).toHaveURL(/\/nop-ho-so\/2\.000488$/);
  await ready(page, testInfo);
  await page.locator('#f-so_cccd').fill(nationalId);
  await page.locator('#f-dia_chi\\.province').selectOption({ label: 'Thành phố Hà Nội' });
  await page.locator('#f-dia_chi\\.commune').fill('Hà Đông');
  await page.locator('#f-dia_chi\\.street').fill('Số 5 ngõ 3 Quang Trung');
  await page.locator('#f-loai_phieu').selectOption('Phiếu số 1');
  await page.locator('#f-so_phieu').fill(records);
  await page.locator('#f-muc_dich').fill('Xin việc');
  await page.locator('#f-cam_doan').check();
  if (total) await expectFeeTotal(page, testInfo, total);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/ho-so\/000\.00\.31\.H53-\d{6}-\d{4,}$/);
  const code = decodeURIComponent(page.url().split('/ho-so/')[1]);
  return { code, phone };
}

/** The total the dossier form shows before submitting: priced live with JavaScript,
 *  and by the server after "Tính lại số tiền" (which saves the draft) without. */
export async function expectFeeTotal(page, testInfo, total) {
  if (testInfo.project.use.javaScriptEnabled === false) {
    await page.getByTestId('fee-recompute').click();
    await expect(page.getByTestId('flash')).toContainText('Đã lưu bản nháp');
  }
  await expect(page.getByTestId('fee-total')).toHaveText(total);
}

/** The amount (tag 54) of an EMVCo/VietQR payload. */
export function qrAmount(payload) {
  for (let i = 0; i + 4 <= payload.length;) {
    const tag = payload.slice(i, i + 2);
    const len = Number(payload.slice(i + 2, i + 4));
    if (tag === '54') return payload.slice(i + 4, i + 4 + len);
    i += 4 + len;
  }
  return null;
}
