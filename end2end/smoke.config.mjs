// The smoke test of `make run` (end2end/smoke.sh): one page in Debian's Chromium, JavaScript on.
import { defineConfig } from '@playwright/test';
import base from './playwright.config.mjs';

export default defineConfig({
  ...base,
  testDir: './smoke',
  projects: [{ name: 'smoke', use: { javaScriptEnabled: true } }],
});
