#!/usr/bin/env node
// Package sizes as WeChat would upload them from src/: the main package (our code outside the
// subpackages, and the part of miniprogram_npm we use) and each subpackage of app.json.
// WeChat refuses a package over 2 MB; this fails when the main package is over 1.5 MB (it
// opens on a village's 4G after a scan) or a subpackage is over 2 MB.
'use strict';

const fs = require('fs');
const path = require('path');

const src = path.resolve(__dirname, '..', 'src');
const MAIN_LIMIT = 1.5 * 1024 * 1024;
const SUB_LIMIT = 2 * 1024 * 1024;

function walk(dir, acc = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, acc);
    else if (!e.name.endsWith('.d.ts')) acc.push(p);
  }
  return acc;
}

const app = JSON.parse(fs.readFileSync(path.join(src, 'app.json'), 'utf8'));
const subs = (app.subPackages || app.subpackages || []).map((s) => s.root.replace(/\/$/, ''));
const files = walk(src);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const size = (list) => list.reduce((n, f) => n + fs.statSync(f).size, 0);
const inSub = (f, root) => path.relative(src, f).split(path.sep)[0] === root;

const main = files.filter((f) => !subs.some((r) => inSub(f, r)));
const npm = main.filter((f) => f.includes(`${path.sep}miniprogram_npm${path.sep}`));
let failed = false;
const mainBytes = size(main);
console.log(`size: main package ${kb(mainBytes)} (${main.length} files; miniprogram_npm ${kb(size(npm))}); limit ${kb(MAIN_LIMIT)}`);
if (mainBytes > MAIN_LIMIT) {
  console.error('size: the main package is over 1.5 MB');
  failed = true;
}
let total = mainBytes;
for (const root of subs) {
  const list = files.filter((f) => inSub(f, root));
  const bytes = size(list);
  total += bytes;
  console.log(`size: subpackage ${root}/ ${kb(bytes)} (${list.length} files); limit ${kb(SUB_LIMIT)}`);
  if (bytes > SUB_LIMIT) {
    console.error(`size: the subpackage ${root}/ is over 2 MB`);
    failed = true;
  }
}
console.log(`size: all packages ${kb(total)}`);
if (failed) process.exit(1);
