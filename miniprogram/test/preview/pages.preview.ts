// Renders each main page as simulate builds it (DOM + the WXSS it collected, app.wxss applied
// to every component as WeChat's apply-shared does, rpx at a 375 px screen, rem at the root
// font size the page asks for), then has headless Chromium draw it. An approximation of what
// WeChat draws — good for checking type size, contrast and touch targets.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fastConfig, FakeServer, flush, installWx, render, Rendered, SRC, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const simUtils = require('miniprogram-simulate/src/utils');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const simWxss = require('miniprogram-simulate/src/wxss');

// 750 rpx = 375 px
simUtils.transformRpx = (css: string) => css.replace(/(-?\d*\.?\d+)rpx/gi, (_: string, n: string) => `${Number(n) / 2}px`);

const OUT = path.resolve(__dirname, '..', '..', '.preview');
const CHROMIUM = process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => fs.existsSync(p)) || 'chromium';

const BASE_CSS = `
html, body { margin: 0; padding: 0; }
body { width: 375px; -webkit-font-smoothing: antialiased; }
wx-view, wx-scroll-view, wx-form, wx-label, wx-rich-text { display: block; }
wx-text { display: inline; white-space: pre-wrap; }
wx-button { display: block; position: relative; box-sizing: border-box; text-align: center; cursor: pointer; }
wx-image { display: inline-block; overflow: hidden; width: 320px; height: 240px; background: linear-gradient(135deg, #9aa9c2, #d6dde8); }
wx-input, wx-textarea { display: block; }
wx-page-meta { display: none; }
wx-switch { display: inline-block; }
`;

function appCssFor(prefixes: Set<string>): string {
  const app = fs.readFileSync(path.join(SRC, 'app.wxss'), 'utf8').replace(/(^|\n)page\s*\{/g, '$1body {');
  return [...prefixes].map((p) => simWxss.compile(app, { prefix: p })).join('\n');
}

function html(p: Rendered, rootPx: number): string {
  const dom = p.comp.dom as HTMLElement;
  const prefixes = new Set<string>();
  dom.querySelectorAll('[class]').forEach((el) => {
    el.className.toString().split(/\s+/).forEach((c) => {
      const m = /^(.+?)--/.exec(c);
      if (m) prefixes.add(m[1]);
    });
  });
  const collected = Array.from(document.querySelectorAll('style')).map((s) => s.innerHTML).join('\n');
  const app = simUtils.transformRpx(appCssFor(prefixes));
  // body also gets the app's page rule (colours, variables, font)
  const body = simUtils.transformRpx(fs.readFileSync(path.join(SRC, 'app.wxss'), 'utf8').replace(/(^|\n)page\s*\{/g, '$1body {').split('.page {')[0]);
  return `<!doctype html><html style="font-size:${rootPx}px"><head><meta charset="utf-8"><style>${BASE_CSS}\n${body}\n${app}\n${collected}</style></head>
<body>${dom.outerHTML}<script>document.title = String(Math.ceil(document.documentElement.scrollHeight));</script></body></html>`;
}

function shoot(name: string, page: string): string {
  const file = path.join(OUT, `${name}.html`);
  fs.writeFileSync(file, page);
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=2', '--no-first-run', '--disable-dev-shm-usage'];
  // first learn the page's height, then draw all of it
  const dumped = execFileSync(CHROMIUM, [...flags, '--window-size=375,800', '--dump-dom', 'file://' + file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000 });
  const m = /<title>(\d+)<\/title>/.exec(dumped);
  const height = Math.min(Math.max(m ? Number(m[1]) : 1200, 640), 6000);
  const png = path.join(OUT, `${name}.png`);
  execFileSync(CHROMIUM, [...flags, `--window-size=375,${height}`, `--screenshot=${png}`, 'file://' + file], { stdio: 'ignore', timeout: 60000 });
  if (!fs.existsSync(png) || fs.statSync(png).size < 2000) throw new Error(`Chromium drew no ${png}`);
  return png;
}

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

function setUp(large: boolean) {
  fastConfig();
  forgetMeta();
  server.reset();
  server.on('GET', '/api/v1/stations/12', { body: { ...fx.station, deputies: [...fx.station.deputies, { id: 4, name: '陆美玲', levels: ['county'], convenor: false }] } });
  server.on('GET', '/api/v1/stations/12/schedule', { body: fx.schedule });
  server.on('GET', '/api/v1/stations/12/answers', { body: fx.answers });
  server.on('GET', '/api/v1/me/messages', { body: { items: [fx.message({ id: 9, status: 'replied', code: 'LX2612-7K3Q' }), fx.message()], next_cursor: '' } });
  server.on('GET', '/api/v1/messages/4', {
    body: fx.message({
      status: 'replied', reply: '已协调交警把绿灯延长到 45 秒，下周一起执行。', replied_at: '2026-12-05T16:20:00+08:00',
      timeline: [
        { action: 'submit', at: '2026-12-02T06:42:13+08:00', note: '' },
        { action: 'accept', at: '2026-12-02T09:00:00+08:00', note: '' },
        { action: 'reply', at: '2026-12-05T16:20:00+08:00', note: '' },
      ],
    }),
  });
  w = installWx(server);
  w.storage.set('liaison.largeType', large);
}

const shots: string[] = [];

beforeAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
});

afterAll(() => {
  console.log('preview:\n' + shots.map((s) => '  ' + path.relative(process.cwd(), s)).join('\n'));
});

const pages: { name: string; page: string; options: Record<string, string>; ready: (p: Rendered) => boolean; after?: (p: Rendered) => Promise<void> }[] = [
  { name: 'station', page: 'station', options: { scene: 's%3D12' }, ready: (p) => p.text().includes('已协调交警') && p.text().includes('接待代表') },
  {
    name: 'message-form', page: 'message-form', options: { station_id: '12' }, ready: (p) => p.text().includes('交通出行'),
    after: async (p) => {
      await p.tap('.cat-transport');
      p.$('.content-input').dispatchEvent('input', { detail: { value: '民生路和朝阳路路口的绿灯太短' } });
      await flush();
    },
  },
  { name: 'message-detail', page: 'message', options: { id: '4' }, ready: (p) => p.text().includes('已协调交警') },
  { name: 'my-messages', page: 'my-messages', options: {}, ready: (p) => p.text().includes('LX2612-7K3Q') },
  { name: 'home', page: 'index', options: {}, ready: (p) => p.text().includes('查找联络站') },
  { name: 'privacy', page: 'privacy', options: {}, ready: (p) => p.text().includes('联系我们') },
];

for (const large of [false, true]) {
  for (const pg of pages) {
    test(`${pg.name} (${large ? 'large type' : 'normal type'}) renders to PNG`, async () => {
      setUp(large);
      const p = render(pg.page);
      p.instance.onLoad(pg.options);
      await waitFor(() => pg.ready(p), pg.name, 8000);
      if (pg.after) await pg.after(p);
      await flush();
      const root = String(p.instance.data.rootFontSize);
      const px = root === 'system' ? 16 : parseFloat(root);
      expect(px).toBe(large ? 22 : 16);
      shots.push(shoot(`${pg.name}${large ? '-large' : ''}`, html(p, px)));
    });
  }
}
