// A bank's balance-change notification as the sandbox bank sends it, and its
// X-Motcua-Signature (t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>, README,
// Payments), for the load harness and the cluster checks.
import { createHmac } from 'node:crypto';

/** The body of notification `id` paying `target` (a line of `motcua loadtest prepare`). */
export function notification(id, target) {
  // The bank's clock is Vietnam's (UTC+7), as its statements show it.
  const at = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return JSON.stringify({
    id, gateway: 'SANDBOX', transaction_date: at, account_number: target.account_number,
    content: `CHUYEN TIEN ${target.reference}`, transfer_type: 'in', amount: target.amount_vnd,
    reference_code: `FT${id}`,
  });
}

/** The signature header for `body` sent now. */
export function signature(secret, body) {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}
