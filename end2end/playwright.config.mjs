// Browser tests in Debian's Chromium, each scenario with JavaScript on (hydrated) and off (SSR + form posts).
import { defineConfig } from '@playwright/test';

const baseURL = process.env.BASE_URL || 'http://127.0.0.1:3100';
const launchOptions = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // The JSON report (PLAYWRIGHT_JSON_OUTPUT_NAME) lets run.sh name the failures last.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: { baseURL, launchOptions, locale: 'vi-VN', trace: 'off' },
  projects: [
    { name: 'js-on', use: { javaScriptEnabled: true }, testIgnore: /kiosk\.spec/ },
    { name: 'js-off', use: { javaScriptEnabled: false }, testIgnore: /kiosk\.spec/ },
    // A portrait 1080×1920 touchscreen kiosk: touch only, JavaScript always on.
    {
      name: 'kiosk',
      testMatch: /kiosk\.spec/,
      use: { javaScriptEnabled: true, viewport: { width: 1080, height: 1920 }, hasTouch: true },
    },
  ],
});
