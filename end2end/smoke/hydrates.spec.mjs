// What `make run` serves hydrates: the release wasm loads, takes over the page without
// an error, and the router then follows links in the page without reloading it.
import { test, expect } from '@playwright/test';

test('the home page served by make run hydrates', async ({ page }) => {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'));
  await page.goto('/');
  expect((await wasm).status()).toBe(200);
  await page.waitForFunction(() => window.__motcuaHydrated === true, null, { timeout: 20_000 });

  // A client-side navigation keeps the same document: a full reload would drop the marker.
  await page.evaluate(() => { window.__smokeSameDocument = true; });
  await page.locator('a[href="/thu-tuc"]').first().click();
  await expect(page).toHaveURL(/\/thu-tuc$/);
  await expect(page.locator('h1')).toBeVisible();
  expect(await page.evaluate(() => window.__smokeSameDocument === true)).toBe(true);
  expect(problems).toEqual([]);
});
