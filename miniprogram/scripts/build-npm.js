#!/usr/bin/env node
// Builds src/miniprogram_npm/tdesign-miniprogram with only the files the mini program uses.
//
// WeChat DevTools' own "构建 npm" copies all of TDesign (about 5 MB, more than the 2 MB a
// package may weigh). This script starts from the TDesign components named in the pages'
// and components' usingComponents and follows what each file really needs: components of
// components (.json), JavaScript imports (.js), style imports (.wxss), templates and WXS
// (.wxml/.wxs). Runs after `npm ci` (postinstall) and before the tests.
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const src = path.join(root, 'src');
const pkg = 'tdesign-miniprogram';
const dist = path.join(root, 'node_modules', pkg, 'miniprogram_dist');
const out = path.join(src, 'miniprogram_npm', pkg);

function walk(dir, acc = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'miniprogram_npm' || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, acc);
    else acc.push(p);
  }
  return acc;
}

/** TDesign component paths (without extension) named by our own .json files. */
function usedComponents() {
  const used = new Set();
  for (const file of walk(src).filter((f) => f.endsWith('.json'))) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    const using = Object.assign({}, json.usingComponents, json.componentGenerics);
    for (const value of Object.values(using)) {
      if (typeof value === 'string' && value.startsWith(pkg + '/')) {
        used.add(path.join(dist, value.slice(pkg.length + 1)));
      }
    }
  }
  return used;
}

const exts = ['.js', '.json', '.wxml', '.wxss', '.wxs'];

function resolveFile(from, spec, candidates) {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of candidates) {
    const p = base + c;
    if (fs.existsSync(p) && fs.statSync(p).isFile()) return p;
  }
  return null;
}

/** Files a file needs, found by reading it. Bare npm names go to TDesign's own miniprogram_npm. */
function needs(file) {
  const text = fs.readFileSync(file, 'utf8');
  const found = [];
  const ext = path.extname(file);
  if (ext === '.json') {
    const json = JSON.parse(text);
    for (const v of Object.values(json.usingComponents || {})) {
      for (const e of exts) {
        const p = resolveFile(file, v, [e]);
        if (p) found.push(p);
      }
    }
  } else if (ext === '.js' || ext === '.wxs') {
    const re = /(?:\bfrom\s*|\bimport\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;
    for (let m; (m = re.exec(text)); ) {
      const spec = m[1];
      if (spec.startsWith('.')) {
        const p = resolveFile(file, spec, ['', '.js', '.wxs', '/index.js']);
        if (p) found.push(p);
      } else {
        const name = spec.split('/')[0];
        const dir = path.join(dist, 'miniprogram_npm', name);
        if (fs.existsSync(dir)) found.push(...walk(dir));
      }
    }
  } else if (ext === '.wxss') {
    const re = /@import\s+["']([^"']+)["']/g;
    for (let m; (m = re.exec(text)); ) {
      const p = resolveFile(file, m[1], ['']);
      if (p) found.push(p);
    }
  } else if (ext === '.wxml') {
    const re = /<(?:import|include|wxs)\s[^>]*src=["']([^"']+)["']/g;
    for (let m; (m = re.exec(text)); ) {
      const p = resolveFile(file, m[1], ['', '.wxml', '.wxs']);
      if (p) found.push(p);
    }
  }
  return found;
}

function build() {
  if (!fs.existsSync(dist)) {
    console.error(`build-npm: ${dist} is missing; run npm ci first`);
    process.exit(1);
  }
  const queue = [];
  for (const c of usedComponents()) {
    for (const e of exts) if (fs.existsSync(c + e)) queue.push(c + e);
  }
  const seen = new Set();
  while (queue.length) {
    const f = queue.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    if (!f.endsWith('.d.ts')) queue.push(...needs(f));
  }
  fs.rmSync(out, { recursive: true, force: true });
  let bytes = 0;
  for (const f of seen) {
    const to = path.join(out, path.relative(dist, f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f, to);
    bytes += fs.statSync(f).size;
  }
  console.log(`build-npm: ${seen.size} files of ${pkg} (${(bytes / 1024).toFixed(0)} KB) → ${path.relative(root, out)}`);
}

build();
