// The load harness of `make load` (issue 17, item 6): signed bank notifications for the
// attempts `motcua loadtest prepare` made, with a share of them sent twice, shuffled,
// sent N at a time to one or more nodes in turn. Prints throughput and latencies as
// JSON and exits non-zero when any notification was not answered 200 or a first
// delivery was not applied (a repeat must be answered `replay`).
//
//   node notifications.mjs --targets FILE --nodes http://a,http://b --secret S \
//        [--total 10000] [--duplicates 0.3] [--concurrency 64]
import { notification, signature } from './bank.mjs';
import { readFileSync } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const total = Number(args.total ?? 10000);
const share = Number(args.duplicates ?? 0.3);
const concurrency = Number(args.concurrency ?? 64);
const nodes = (args.nodes ?? '').split(',').filter(Boolean);
const secret = args.secret ?? '';
if (!args.targets || nodes.length === 0 || secret.length < 32) {
  console.error('usage: --targets FILE --nodes URL[,URL] --secret S (32+ chars)');
  process.exit(2);
}
const targets = readFileSync(args.targets, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const unique = Math.round(total * (1 - share));
if (targets.length < unique) {
  console.error(`need ${unique} attempts for ${total} notifications with ${share * 100} % repeats; have ${targets.length}`);
  process.exit(2);
}

// Deterministic shuffle (a seeded xorshift), so two runs send the same order.
let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 0x100000000;
};

const bodies = targets.slice(0, unique).map((t, i) => notification(`LOAD-${i + 1}`, t));
const sends = bodies.map((_, i) => i);
for (let n = unique; n < total; n++) sends.push(Math.floor(random() * unique));
for (let i = sends.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [sends[i], sends[j]] = [sends[j], sends[i]];
}

const latencies = new Float64Array(sends.length);
const statuses = {};
const results = {};
let wrongFirst = 0;
let next = 0;
const started = process.hrtime.bigint();
async function worker() {
  for (;;) {
    const k = next++;
    if (k >= sends.length) return;
    const body = bodies[sends[k]];
    const url = `${nodes[k % nodes.length]}/api/v1/payment-notifications/bank`;
    const t0 = process.hrtime.bigint();
    let status = 0;
    let result = 'none';
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-motcua-signature': signature(secret, body) },
        body,
      });
      status = res.status;
      const answer = await res.json().catch(() => ({}));
      result = answer.result ?? 'none';
    } catch (e) {
      result = `error: ${e.cause?.code ?? e.message}`;
    }
    latencies[k] = Number(process.hrtime.bigint() - t0) / 1e6;
    statuses[status] = (statuses[status] ?? 0) + 1;
    results[result] = (results[result] ?? 0) + 1;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const sorted = Array.from(latencies).sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
// Of the copies of one notification exactly one pays (whichever is answered first);
// the others are answered `replay`.
if ((results.paid ?? 0) !== unique) wrongFirst = unique - (results.paid ?? 0);
const report = {
  nodes: nodes.length,
  notifications: sends.length,
  distinct: unique,
  repeats: sends.length - unique,
  concurrency,
  seconds: Number(seconds.toFixed(2)),
  per_second: Math.round(sends.length / seconds),
  p50_ms: Number(pct(50).toFixed(1)),
  p99_ms: Number(pct(99).toFixed(1)),
  max_ms: Number(sorted[sorted.length - 1].toFixed(1)),
  statuses,
  results,
};
console.log(JSON.stringify(report));
const ok = (statuses[200] ?? 0) === sends.length && wrongFirst === 0 && (results.replay ?? 0) === sends.length - unique;
if (!ok) {
  console.error('load: some notifications were not answered 200, or not each applied once');
  process.exit(1);
}
