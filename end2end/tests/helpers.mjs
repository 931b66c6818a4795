// Shared steps for the browser tests.
import { expect } from '@playwright/test';

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
