// The checks of end2end/cluster/run.sh (issue 17, item 5): two nodes on one PostgreSQL
// database behind deploy/nginx-motcua.conf. Each check prints one line; any failure
// exits non-zero. Usage (run.sh passes these):
//   node checks.mjs --nginx URL --a URL --b URL --a-pid PID --targets FILE --secret S
import { notification, signature } from '../load/bank.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const NGINX = args.nginx;
const NODE = { a: args.a, b: args.b };
const say = (line) => console.log(`cluster: ${line}`);

/** One request; the answer with the node nginx chose (`X-Motcua-Upstream`, test only). */
async function call(base, path, { method = 'GET', json, body, headers = {}, token, client } = {}) {
  const h = { accept: 'application/json', ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (client) h['x-forwarded-for'] = client;
  if (json !== undefined) {
    h['content-type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const res = await fetch(base + path, { method, headers: h, body, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  let parsed = null;
  try { parsed = JSON.parse(bytes.toString('utf8')); } catch { /* not JSON */ }
  return { status: res.status, upstream: res.headers.get('x-motcua-upstream') ?? '', bytes, json: parsed };
}

function expectStatus(r, status, what) {
  assert.equal(r.status, status, `${what}: answered ${r.status} ${r.bytes.toString('utf8').slice(0, 300)}`);
  return r;
}

let clientN = 10;
const newClient = () => `203.0.113.${clientN++}`;

/** A citizen's token through `base` (code read from the sandbox outbox). */
async function signIn(base, phone, nationalId, client, seen) {
  const note = (r) => { seen?.push(r.upstream); return r; };
  expectStatus(note(await call(base, '/api/v1/auth/otp', { method: 'POST', json: { phone }, client })), 202, 'sign-in code');
  const box = note(await call(base, `/sandbox/sms?phone=${phone}`, { client }));
  const code = box.json.messages[0].body.match(/\b\d{6}\b/)[0];
  const r = note(await call(base, '/api/v1/auth/token', {
    method: 'POST', client,
    json: { phone, code, full_name: 'Nguyễn Văn An', date_of_birth: '1990-05-17', national_id: nationalId },
  }));
  return expectStatus(r, 200, 'token').json.token;
}

const form = (phone, nationalId) => ({
  ho_ten: 'Nguyễn Văn An', so_cccd: nationalId, ngay_sinh: '1990-05-17', so_dien_thoai: phone,
  dia_chi: { province: 'Hà Nội', commune: 'Hà Đông', street: 'Số 5' },
  loai_phieu: 'Phiếu số 1', so_phieu: 1, muc_dich: 'Xin việc', cam_doan: true,
});

async function dossierWithQr(base, token, phone, nationalId, client, seen) {
  const note = (r) => { seen?.push(r.upstream); return r; };
  const d = note(await call(base, '/api/v1/dossiers', {
    method: 'POST', token, client, json: { procedure_code: '2.000488', form: form(phone, nationalId) },
  }));
  assert.ok(d.status === 201 || d.status === 200, `dossier: ${d.status} ${d.bytes}`);
  const code = d.json.code;
  const pay = note(await call(base, `/api/v1/dossiers/${code}/payments`, { method: 'POST', token, client }));
  assert.ok(pay.status === 201 || pay.status === 200, `payment: ${pay.status} ${pay.bytes}`);
  return { code, pay: pay.json };
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
async function upload(base, token, code, client) {
  const fd = new FormData();
  fd.append('file', new Blob([PDF], { type: 'application/pdf' }), 'to-khai.pdf');
  const res = await fetch(`${base}/api/v1/dossiers/${code}/attachments`, {
    method: 'POST', body: fd, headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client },
  });
  assert.equal(res.status, 201, `upload: ${res.status} ${await res.text()}`);
  return res.headers.get('x-motcua-upstream') ?? '';
}

// 1. A citizen journey through nginx, its requests served by both nodes in turn.
{
  const seen = [];
  const client = newClient();
  const phone = '0912000001';
  const token = await signIn(NGINX, phone, '001090000001', client, seen);
  const { code, pay } = await dossierWithQr(NGINX, token, phone, '001090000001', client, seen);
  seen.push(await upload(NGINX, token, code, client));
  const detail = await call(NGINX, `/api/v1/dossiers/${code}`, { token, client });
  seen.push(detail.upstream);
  const file = await call(NGINX, detail.json.attachments[0].url, { token, client });
  seen.push(file.upstream);
  assert.deepEqual(file.bytes, PDF, 'the attachment reads back byte for byte');
  const paid = await call(NGINX, '/sandbox/bank/transfers', { method: 'POST', json: { qr: pay.qr_payload } });
  seen.push(paid.upstream);
  expectStatus(paid, 200, 'sandbox bank transfer');
  const status = await call(NGINX, `/api/v1/payments/${pay.id}`, { token, client });
  seen.push(status.upstream);
  assert.equal(status.json.status, 'paid');
  const receipt = expectStatus(await call(NGINX, `/api/v1/payments/${pay.id}/receipt.pdf`, { token, client }), 200, 'receipt');
  seen.push(receipt.upstream);
  assert.equal(receipt.bytes.subarray(0, 5).toString(), '%PDF-');
  const nodes = new Set(seen.filter(Boolean));
  assert.equal(nodes.size, 2, `the journey's ${seen.length} requests were served by ${[...nodes].join(', ')}`);
  say(`journey: ${seen.length} requests through nginx, served by ${[...nodes].join(' and ')}; paid, receipt delivered`);
}

// 2. Uploaded to node A, downloaded from node B.
{
  const client = newClient();
  const phone = '0912000002';
  const token = await signIn(NODE.a, phone, '001090000002', client);
  const { code } = await dossierWithQr(NODE.a, token, phone, '001090000002', client);
  await upload(NODE.a, token, code, client);
  const detail = await call(NODE.b, `/api/v1/dossiers/${code}`, { token, client });
  const file = expectStatus(await call(NODE.b, detail.json.attachments[0].url, { token, client }), 200, 'download from B');
  assert.deepEqual(file.bytes, PDF);
  say('files: uploaded to node A, downloaded from node B byte for byte');
}

// 3. A payment page streaming through nginx hears of a payment confirmed on the other node.
{
  const client = newClient();
  const phone = '0912000003';
  const token = await signIn(NGINX, phone, '001090000003', client);
  const { pay } = await dossierWithQr(NGINX, token, phone, '001090000003', client);
  const ctrl = new AbortController();
  // A lost event fails the check after 15 s instead of hanging it.
  const timer = setTimeout(() => ctrl.abort(new Error('no event within 15 s')), 15_000);
  const res = await fetch(`${NGINX}/api/v1/payments/${pay.id}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'x-forwarded-for': client },
    signal: ctrl.signal,
  });
  assert.equal(res.status, 200);
  const streaming = res.headers.get('x-motcua-upstream');
  const other = streaming.endsWith(new URL(NODE.a).port) ? NODE.b : NODE.a;
  const reader = res.body.getReader();
  let text = '';
  const until = async (needle) => {
    while (!text.includes(needle)) {
      const { value, done } = await reader.read();
      assert.ok(!done, `the stream ended before ${needle}: ${text}`);
      text += Buffer.from(value).toString('utf8');
    }
  };
  await until('"status":"pending"');
  const sent = performance.now();
  expectStatus(await call(other, '/sandbox/bank/transfers', { method: 'POST', json: { qr: pay.qr_payload } }), 200, 'transfer');
  const confirmed = performance.now() - sent;
  await until('"status":"paid"');
  const shown = performance.now() - sent;
  clearTimeout(timer);
  ctrl.abort();
  const delay = shown - confirmed;
  say(`live: streamed by ${streaming} through nginx, paid on ${other}: confirmed after ${confirmed.toFixed(1)} ms, page told after ${shown.toFixed(1)} ms (${delay.toFixed(1)} ms later)`);
  assert.ok(delay < 500, `the page heard ${delay.toFixed(1)} ms after the other node answered the bank`);
}

// 4. Rate limits are shared: a code's resend wait, and an address's codes per hour.
// (The checks name their client in X-Forwarded-For: on loopback the checks themselves
// connect from 127.0.0.1, the trusted proxy's address. That a client cannot choose its
// address behind the real proxy is tested in server/tests/api/auth.rs, a_forged_forwarded_for_does_not_escape_the_limit.)
{
  const client = newClient();
  expectStatus(await call(NODE.a, '/api/v1/auth/otp', { method: 'POST', json: { phone: '0912000004' }, client }), 202, 'first code');
  expectStatus(await call(NODE.b, '/api/v1/auth/otp', { method: 'POST', json: { phone: '0912000004' }, client }), 429, 'the resend asked of the other node');
  const from = newClient();
  const served = new Set();
  for (let n = 0; n < 20; n++) {
    const r = await call(NGINX, '/api/v1/auth/otp', { method: 'POST', json: { phone: `09130000${String(n).padStart(2, '0')}` }, client: from });
    expectStatus(r, 202, `code ${n + 1} of 20 from one address`);
    served.add(r.upstream);
  }
  const over = await call(NGINX, '/api/v1/auth/otp', { method: 'POST', json: { phone: '0913000099' }, client: from });
  expectStatus(over, 429, 'the 21st code from one address in an hour');
  assert.equal(served.size, 2, 'both nodes counted');
  say(`limits: a resend on node B within 60 s of a code from node A answered 429; 20 codes from one address through both nodes, the 21st answered 429 (by ${over.upstream})`);
}

// 5. kill -9 of node A while signed bank notifications are being sent through nginx.
{
  const secret = args.secret;
  const targets = readFileSync(args.targets, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const bodies = targets.map((t, i) => notification(`KILL-${i + 1}`, t));
  const send = async (body) => {
    try {
      const r = await fetch(`${NGINX}/api/v1/payment-notifications/bank`, {
        method: 'POST', body, headers: { 'content-type': 'application/json', 'x-motcua-signature': signature(secret, body) },
      });
      const answer = await r.json().catch(() => ({}));
      return { status: r.status, result: answer.result ?? 'none', upstream: r.headers.get('x-motcua-upstream') ?? '' };
    } catch (e) {
      return { status: 0, result: `error ${e.cause?.code ?? e.message}`, upstream: '' };
    }
  };
  const answers = new Array(bodies.length);
  let next = 0;
  let answered = 0;
  let killedAt = -1;
  const worker = async () => {
    for (;;) {
      const k = next++;
      if (k >= bodies.length) return;
      answers[k] = await send(bodies[k]);
      answered++;
      if (killedAt < 0 && answered >= Math.floor(bodies.length / 4)) {
        killedAt = answered;
        process.kill(Number(args['a-pid']), 'SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const first = { ok: 0, refused: 0, paid: 0 };
  for (const a of answers) {
    if (a.status >= 200 && a.status < 300) {
      first.ok++;
      assert.equal(a.result, 'paid', `a first delivery answered 2xx was ${a.result}`);
      first.paid++;
    } else first.refused++;
  }
  // The bank sends again what was not answered 2xx.
  let resent = { paid: 0, replay: 0 };
  for (let round = 0; round < 5; round++) {
    const again = answers.map((a, k) => [a, k]).filter(([a]) => !(a.status >= 200 && a.status < 300));
    if (again.length === 0) break;
    for (const [, k] of again) {
      answers[k] = await send(bodies[k]);
      if (answers[k].status === 200) resent[answers[k].result] = (resent[answers[k].result] ?? 0) + 1;
    }
  }
  assert.ok(answers.every((a) => a.status === 200), 'every notification was answered 200 in the end');
  // A second copy of every notification now answers replay: each was applied once.
  const replays = await Promise.all(bodies.map(send));
  assert.ok(replays.every((r) => r.status === 200 && r.result === 'replay'), JSON.stringify(replays.find((r) => r.result !== 'replay')));
  writeFileSync(`${args.targets}.answers.json`, JSON.stringify({ first, resent }));
  say(`kill -9: node A killed after ${killedAt} of ${bodies.length} answers; first deliveries: ${first.ok} answered 2xx (all paid), ${first.refused} not; sent again: ${JSON.stringify(resent)}; copies answered replay`);
}
say('all checks passed');
