#!/usr/bin/env node
// Compiles every page's and component's WXML and WXSS with WeChat's official compilers
// (wcc / wcsc from miniprogram-compiler), TDesign's included. An unclosed tag, a stray
// wx:else or a broken style fails here, not in DevTools.
//
// wcc follows usingComponents itself but does not know npm names, so the sources are copied
// to a temporary folder with `tdesign-miniprogram/...` rewritten to relative paths.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { wxmlToJs, wxssToJs } = require('miniprogram-compiler');

const src = path.resolve(__dirname, '..', 'src');

function walk(dir, acc = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, acc);
    else acc.push(p);
  }
  return acc;
}

function main() {
  if (!fs.existsSync(path.join(src, 'miniprogram_npm'))) {
    console.error('check-wxml: src/miniprogram_npm is missing; run npm run build:npm');
    process.exit(1);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-wxml-'));
  const files = walk(src).filter((f) => /\.(wxml|wxss|wxs|json)$/.test(f));
  for (const f of files) {
    const rel = path.relative(src, f);
    const to = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (f.endsWith('.json') && !rel.startsWith('miniprogram_npm')) {
      const json = JSON.parse(fs.readFileSync(f, 'utf8'));
      for (const [k, v] of Object.entries(json.usingComponents || {})) {
        if (v.startsWith('tdesign-miniprogram/')) {
          const target = path.join(tmp, 'miniprogram_npm', v);
          json.usingComponents[k] = path.relative(path.dirname(to), target).replace(/\\/g, '/');
        }
      }
      fs.writeFileSync(to, JSON.stringify(json));
    } else {
      fs.copyFileSync(f, to);
    }
  }
  const rel = (ext) => walk(tmp).filter((f) => f.endsWith(ext)).map((f) => path.relative(tmp, f).replace(/\\/g, '/'));
  const wxml = rel('.wxml');
  const wxss = rel('.wxss');
  let failed = false;
  try {
    const js = wxmlToJs(tmp, { wxmlList: wxml, wxsList: rel('.wxs'), maxBuffer: 64 << 20 });
    // the compiled templates must also load
    global.window = global.window || { __webview_engine_version__: 0.02 };
    global.__wxAppCode__ = global.__wxAppCode__ || {};
    // eslint-disable-next-line no-new-func
    const gwx = new Function('global', js)({});
    for (const f of wxml.filter((x) => !x.startsWith('miniprogram_npm'))) {
      if (typeof gwx(f) !== 'function') throw new Error(`no template compiled for ${f}`);
    }
    console.log(`check-wxml: ${wxml.length} WXML files compile (${wxml.filter((x) => !x.startsWith('miniprogram_npm')).length} of ours)`);
  } catch (err) {
    failed = true;
    console.error(String(err.message || err));
  }
  try {
    wxssToJs(tmp, { wxssList: wxss, maxBuffer: 64 << 20 });
    console.log(`check-wxml: ${wxss.length} WXSS files compile`);
  } catch (err) {
    failed = true;
    console.error(String(err.message || err));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  if (failed) process.exit(1);
}

main();
