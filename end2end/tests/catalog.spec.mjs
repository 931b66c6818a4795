// Search the catalog without accents, then open the procedure.
import { test, expect } from '@playwright/test';
import { ready } from './helpers.mjs';

test('search then open a procedure', async ({ page }, testInfo) => {
  await page.goto('/');
  await ready(page, testInfo);
  await page.getByLabel('Tìm thủ tục').fill('ly lich tu phap');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await expect(page).toHaveURL(/\/thu-tuc\?q=ly\+lich\+tu\+phap/);
  const first = page.getByTestId('result-link').first();
  await expect(first).toContainText('Cấp Phiếu lý lịch tư pháp');
  await first.click();
  await expect(page).toHaveURL(/\/thu-tuc\/2\.000488$/);
  await expect(page.getByTestId('procedure-name')).toContainText('lý lịch tư pháp');
  await expect(page.getByTestId('fee-table')).toContainText('200.000 đ');
  await expect(page.getByTestId('fee-table')).toContainText('TT 244/2016/TT-BTC');
  await expect(page.getByTestId('submit-dossier')).toBeVisible();
});

test('filters narrow the list and unknown searches say so', async ({ page }, testInfo) => {
  await page.goto('/thu-tuc?q=khai+sinh');
  await ready(page, testInfo);
  await expect(page.getByTestId('result-link').first()).toHaveText('Đăng ký khai sinh');
  await page.goto('/thu-tuc?q=chung+thuc&level=xa');
  await expect(page.getByTestId('result-link').first()).toContainText('Chứng thực');
  await page.goto('/thu-tuc?q=zzzz+qqqq');
  await expect(page.getByTestId('no-results')).toBeVisible();
});

test('English switch', async ({ page }, testInfo) => {
  await page.goto('/thu-tuc/1.001193');
  await ready(page, testInfo);
  await page.getByTestId('switch-language').click();
  await expect(page.getByTestId('procedure-name')).toHaveText('Birth registration');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('switch-language').click();
  await expect(page.getByTestId('procedure-name')).toHaveText('Đăng ký khai sinh');
});
