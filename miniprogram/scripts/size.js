#!/usr/bin/env node
// The main package's size: what WeChat would upload from src/ (our code and the part of
// miniprogram_npm we use). WeChat refuses more than 2 MB; this fails above 1.5 MB, so that the
// package stays quick to open on a village's 4G.
'use strict';

const fs = require('fs');
const path = require('path');

const src = path.resolve(__dirname, '..', 'src');
const LIMIT = 1.5 * 1024 * 1024;

function walk(dir, acc = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, acc);
    else if (!e.name.endsWith('.d.ts')) acc.push(p);
  }
  return acc;
}

const files = walk(src);
const total = files.reduce((n, f) => n + fs.statSync(f).size, 0);
const npm = files.filter((f) => f.includes(`${path.sep}miniprogram_npm${path.sep}`)).reduce((n, f) => n + fs.statSync(f).size, 0);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`size: main package ${kb(total)} (${files.length} files; miniprogram_npm ${kb(npm)}); limit ${kb(LIMIT)}`);
if (total > LIMIT) {
  console.error('size: the main package is over 1.5 MB');
  process.exit(1);
}
