// The web edge as an attacker's page sees it: a form on another site posting to ours,
// and links that try to send people off the site through a return target.
import { test, expect } from '@playwright/test';
import { newClient, randomPhone, ready, watchCsp } from './helpers.mjs';

const EVIL = 'http://evil.example';

test('a form on another site cannot send a sign-in SMS', async ({ page, request, baseURL }) => {
  await newClient(page);
  const phone = randomPhone();
  // The attacker's page, served by the browser's router as if from evil.example.
  await page.route(`${EVIL}/**`, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><title>Quà tặng</title>
      <form method="post" action="${baseURL}/api/auth/request-otp">
        <input name="phone" value="${phone}"><input name="next" value="">
        <button>Nhận quà</button>
      </form>`,
  }));
  await page.goto(`${EVIL}/qua-tang`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().startsWith(`${baseURL}/api/auth/request-otp`)),
    page.getByRole('button', { name: 'Nhận quà' }).click(),
  ]);
  expect(response.status()).toBe(403);
  await expect(page.locator('body')).toContainText('bị từ chối');
  await expect(page.locator('body')).toContainText('was refused');
  const sms = await (await request.get(`/sandbox/sms?phone=${phone}`, { headers: { accept: 'application/json' } })).json();
  expect(sms.messages).toHaveLength(0);
});

test('the same form on our own page sends the code', async ({ page, request }, testInfo) => {
  await newClient(page);
  const phone = randomPhone();
  await page.goto('/dang-nhap');
  await ready(page, testInfo);
  await page.getByLabel('Số điện thoại di động').fill(phone);
  await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
  await expect(page).toHaveURL(/\/dang-nhap\/xac-thuc\?phone=/);
  await expect.poll(async () => {
    const sms = await (await request.get(`/sandbox/sms?phone=${phone}`, { headers: { accept: 'application/json' } })).json();
    return sms.messages.length;
  }).toBe(1);
});

for (const next of ['/%5Cevil.example', '/%09/evil.example', '//evil.example', 'https://evil.example/']) {
  test(`the language switch stays on the site for next=${next}`, async ({ page, baseURL }) => {
    let left = false;
    await page.route(`${EVIL}/**`, (route) => { left = true; return route.fulfill({ body: 'evil' }); });
    await page.goto(`/ngon-ngu/en?next=${next}`);
    expect(left).toBe(false);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL).origin);
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
}

test('signing in with a foreign return target lands on the account page', async ({ page, request }, testInfo) => {
  await newClient(page);
  let left = false;
  await page.route(`${EVIL}/**`, (route) => { left = true; return route.fulfill({ body: 'evil' }); });
  await page.goto('/dang-nhap?next=/%5Cevil.example');
  await ready(page, testInfo);
  const phone = randomPhone();
  await page.getByLabel('Số điện thoại di động').fill(phone);
  await page.getByRole('button', { name: 'Gửi mã xác thực' }).click();
  await expect(page).toHaveURL(/\/dang-nhap\/xac-thuc\?phone=/);
  expect(page.url()).not.toContain('evil');
  expect(left).toBe(false);
});

test('a payment link that does not work answers with a page of the site, in both languages', async ({ page }, testInfo) => {
  await newClient(page);
  const res = await page.goto('/tb/1-0000000000');
  expect(res.status()).toBe(404);
  await ready(page, testInfo);
  await expect(page.getByTestId('notice-link-problem')).toContainText('không hợp lệ');
  await expect(page.locator('header')).toBeVisible();
  await page.getByTestId('switch-language').click();
  await expect(page).toHaveURL(/\/tb\/1-0000000000$/);
  await expect(page.getByTestId('notice-link-problem')).toContainText('not valid');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('an unknown address answers 404 with a page of the site that hydrates', async ({ page }, testInfo) => {
  // Issue 18, item 3: its scripts carried no CSP nonce, so they were blocked.
  const csp = watchCsp(page);
  const res = await page.goto('/khong-co-trang-nay');
  expect(res.status()).toBe(404);
  await ready(page, testInfo);
  await expect(page.locator('header')).toBeVisible();
  expect(csp).toEqual([]);
});
