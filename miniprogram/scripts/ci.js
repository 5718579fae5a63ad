#!/usr/bin/env node
// npm run ci: check (the generated API types, tsc, WXML/WXSS compile, package size), the unit and page tests, the
// end-to-end suite against liaison-dev, and the preview. Every step runs even when an earlier
// one failed; jest's JSON results go to .reports/ (unit.json, e2e.json) for the repository's
// test summary. Exits non-zero when any step failed.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const reports = path.join(root, '.reports');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

fs.rmSync(reports, { recursive: true, force: true });
fs.mkdirSync(reports, { recursive: true });

const steps = [
  ['build npm', [process.execPath, path.join(root, 'scripts', 'build-npm.js')]],
  ['types', [process.execPath, path.join(root, 'scripts', 'gen-types.js'), '--check']],
  ['tsc', [process.execPath, tsc, '--noEmit', '-p', 'tsconfig.json']],
  ['wxml', [process.execPath, path.join(root, 'scripts', 'check-wxml.js')]],
  ['size', [process.execPath, path.join(root, 'scripts', 'size.js')]],
  ['test', [process.execPath, jest, '--ci', '--json', `--outputFile=${path.join(reports, 'unit.json')}`]],
  ['test:e2e', [process.execPath, jest, '--ci', '--config', 'jest.e2e.config.js', '--json', `--outputFile=${path.join(reports, 'e2e.json')}`]],
  ['preview', [process.execPath, jest, '--ci', '--config', 'jest.preview.config.js']],
];

const results = [];
for (const [name, cmd] of steps) {
  const started = Date.now();
  console.log(`\n== ${name}: ${cmd.slice(1).map((a) => path.relative(root, a) || a).join(' ')}`);
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: 'inherit', env: process.env });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: (Date.now() - started) / 1000 });
}

function counts(file) {
  try {
    const j = JSON.parse(fs.readFileSync(path.join(reports, file), 'utf8'));
    return `${j.numPassedTests} passed, ${j.numFailedTests} failed`;
  } catch (e) {
    return 'no results';
  }
}

console.log('\n== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(10)} ${r.seconds.toFixed(1)} s`);
console.log(`unit and page tests: ${counts('unit.json')}; end-to-end: ${counts('e2e.json')}`);
const failed = results.filter((r) => !r.ok);
if (failed.length) {
  console.log(`npm run ci: failed: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
console.log('npm run ci: all steps passed');
