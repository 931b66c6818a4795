// Prints the failed browser tests from Playwright's JSON report, last, so the end of a
// CI log names what failed (the server log is printed before it).
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const failed = [];
const walk = (suite, path) => {
  for (const spec of suite.specs || []) {
    for (const t of spec.tests || []) {
      const last = t.results[t.results.length - 1];
      if (last && !['passed', 'skipped'].includes(last.status)) {
        const message = (last.error?.message || last.status).replace(/\u001b\[[0-9;]*m/g, '');
        failed.push(`✘ [${t.projectName}] ${[...path, spec.title].join(' › ')} (${spec.file}:${spec.line})\n` +
          message.split('\n').slice(0, 12).map((l) => `    ${l}`).join('\n'));
      }
    }
  }
  for (const s of suite.suites || []) walk(s, s.title && !s.title.endsWith('.mjs') ? [...path, s.title] : path);
};
for (const s of report.suites || []) walk(s, []);
console.log(`--- ${failed.length} failed browser test(s) ---\n${failed.join('\n')}`);
