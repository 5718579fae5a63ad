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
import { forgetMe } from '../../src/api/me';
import { forgetStations } from '../../src/services/staff';
import { writePhoto } from '../e2e/bridge';

const qrPng = fs.readFileSync(writePhoto(120)).toString('base64');

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
  const dumped = execFileSync(CHROMIUM, [...flags, '--window-size=375,800', '--dump-dom', 'file://' + file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000, maxBuffer: 256 << 20 });
  const m = /<title>(\d+)<\/title>/.exec(dumped);
  const height = Math.min(Math.max(m ? Number(m[1]) : 1200, 640), 6000);
  const png = path.join(OUT, `${name}.png`);
  execFileSync(CHROMIUM, [...flags, `--window-size=375,${height}`, `--screenshot=${png}`, 'file://' + file], { stdio: 'ignore', timeout: 60000 });
  if (!fs.existsSync(png) || fs.statSync(png).size < 2000) throw new Error(`Chromium drew no ${png}`);
  return png;
}

/**
 * What Chromium measures on the drawn page: for each name, the elements whose class contains
 * it, with how many lines their text takes, their box and their text.
 */
interface Box { lines: number; width: number; height: number; text: string; textWidth: number }
function measure(name: string, page: string, classes: string[]): Record<string, Box[]> {
  const script = `<script>
  const out = {};
  for (const c of ${JSON.stringify(classes)}) {
    out[c] = Array.from(document.querySelectorAll('[class*="' + c + '"]')).filter((el) => el.className.split(/\\s+/).some((k) => k.endsWith('--' + c) || k === c)).map((el) => {
      const r = document.createRange();
      r.selectNodeContents(el);
      const rects = Array.from(r.getClientRects()).filter((q) => q.width > 0 && q.height > 0);
      const tops = new Set(rects.map((q) => Math.round(q.top)));
      const textWidth = rects.length ? Math.max(...rects.map((q) => q.right)) - Math.min(...rects.map((q) => q.left)) : 0;
      const b = el.getBoundingClientRect();
      return { lines: tops.size, width: Math.round(b.width), height: Math.round(b.height), text: el.textContent.trim(), textWidth: Math.round(textWidth) };
    });
  }
  const pre = document.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
  </script>`;
  const file = path.join(OUT, `${name}.measure.html`);
  fs.writeFileSync(file, page.replace('</body>', script + '</body>'));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-dev-shm-usage', '--window-size=375,800'];
  const dumped = execFileSync(CHROMIUM, [...flags, '--dump-dom', 'file://' + file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000, maxBuffer: 256 << 20 });
  const m = /<pre id="measured">([^<]*)<\/pre>/.exec(dumped);
  if (!m) throw new Error(`Chromium measured nothing on ${file}`);
  return JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}

const server = new FakeServer();
let w: ReturnType<typeof installWx>;
const LOGIN = { pending: 'Qm9vZ2llV29vZ2llLTEyMw', expired: 'RXhwaXJlZC1sb2dpbi0xMg', refused: 'UmVmdXNlZC1sb2dpbi0xMg' };

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
  // the deputies' and the staff's pages
  forgetMe();
  forgetStations();
  server.on('GET', '/api/v1/me', { body: { ...fx.deputyMe, roles: [...fx.deputyMe.roles, { role: 'staff', station_ids: [12] }] } });
  server.on('GET', '/api/v1/me/activities', { body: { items: [
    fx.myActivity(),
    fx.myActivity({ id: 22, kind: 'study', kind_name: '集中学习', title: '集中学习：新修订的村民委员会组织法', start_at: '2099-12-10T14:30:00+08:00', end_at: '2099-12-10T16:30:00+08:00', rsvp: 'leave', rsvp_reason: '在卫生室值班' }),
    fx.myActivity({ id: 20, kind_name: '集中走访群众', title: '走访民生社区困难群众', start_at: '2026-11-03T09:30:00+08:00', end_at: '2026-11-03T11:30:00+08:00', rsvp: 'attend', checked_in_at: '2026-11-03T09:20:00+08:00' }),
  ], next_cursor: '' } });
  server.on('GET', '/api/v1/me/record', { body: fx.record });
  server.on('POST', '/api/v1/activities/21/checkin', { status: 403, body: { error: { code: 'outside_radius', message: '超出签到范围', fields: { distance_m: '1820', radius_m: '300' } } } });
  server.on('GET', '/api/v1/admin/stations', { body: { items: [{ id: 12, name: fx.station.name, area_code: '450102001', address: fx.station.address, latitude: 22.81735, longitude: 108.31899, checkin_radius_m: 300 }], next_cursor: '' } });
  server.on('GET', '/api/v1/admin/deputies', { body: fx.deputies });
  server.on('GET', '/api/v1/admin/messages', { body: { items: [
    fx.message({ name: '陈女士', overdue: true, content: '民生路和朝阳路路口的绿灯太短，老人过马路很危险' }),
    fx.message({ id: 5, code: 'LX2612-7K3Q', name: '李大爷', walk_in: true, content: '村口公交站没有遮雨棚，老人等车淋雨' }),
  ], next_cursor: '' } });
  server.on('GET', '/api/v1/messages/5', { body: fx.message({ id: 5, code: 'LX2612-7K3Q', name: '李大爷', phone: '13800130099', walk_in: true, content: '村口公交站没有遮雨棚，老人等车淋雨，希望加装一个。' }) });
  server.on('GET', '/api/v1/admin/activities/31', { body: fx.activityDetail() });
  server.on('GET', '/api/v1/admin/activities/31/checkin-code', { body: { code: '048213', url: 'https://lianluo.example.cn/c/31/048213', expires_at: new Date(Date.now() + 25000).toISOString(), png: qrPng } });
  server.on('GET', '/api/v1/admin/stations/12/compliance', { body: {
    station_id: 12, station_name: fx.station.name, year: 2026, rules: [
      { kind: 'reception_day', kind_name: '代表接待日', period: 'month', at_least: 1, periods: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m, i) => ({ period: `2026-${m}`, from: '', to: '', required: 1, held: i === 4 ? 0 : 1, scheduled: i === 11 ? 1 : 0, met: i !== 4 && i !== 11, ended: i < 11 })) },
      { kind: 'report_review', kind_name: '代表述职评议', period: 'year', at_least: 1, periods: [{ period: '2026', from: '', to: '', required: 1, held: 0, scheduled: 0, met: false, ended: false }] },
    ] } });
  // a message sent (the done screen), a walk-in entered, the staff's activity list, a reply with warnings
  server.on('POST', '/api/v1/stations/12/messages', { status: 201, body: { id: 4, code: 'LX2612-5CKM', status: 'submitted', created_at: '2026-12-02T06:42:13+08:00' } });
  server.on('GET', '/api/v1/admin/activities', { body: { items: [
    fx.adminActivity({ title: '代表接待日：倾听民生', status: 'draft' }),
    fx.adminActivity({ id: 30, kind: 'study', kind_name: '集中学习', title: '集中学习：新修订的村民委员会组织法', status: 'published', start_at: '2099-12-10T14:30:00+08:00', end_at: '2099-12-10T16:30:00+08:00' }),
    fx.adminActivity({ id: 29, kind_name: '集中走访群众', title: '走访民生社区困难群众', status: 'finished', start_at: '2026-11-03T09:30:00+08:00', end_at: '2026-11-03T11:30:00+08:00' }),
    fx.adminActivity({ id: 28, title: '代表接待日（因台风取消）', status: 'cancelled', cancel_reason: '台风预警', start_at: '2026-10-09T09:30:00+08:00', end_at: '2026-10-09T11:30:00+08:00' }),
  ], next_cursor: '' } });
  server.on('GET', '/api/v1/messages/6', { body: fx.message({ id: 6, code: 'LX2612-8JHW', name: '王女士', phone: '13800130077', status: 'accepted', publish: true, content: '小区门口路灯坏了一个多月，晚上老人出门看不清路。' }) });
  server.on('POST', '/api/v1/admin/messages/6/transitions', (c) => ({ body: {
    ...fx.message({ id: 6, code: 'LX2612-8JHW', name: '王女士', phone: '13800130077', status: 'replied', publish: true, reply: c.data.reply, content: '小区门口路灯坏了一个多月，晚上老人出门看不清路。' }),
    warnings: ['答复中含有电话号码或姓名：公开时电话号码会被遮盖，姓名不会。如果写进了群众的个人信息，请在电脑管理后台的这条留言页点“撤下公开”。'],
  } }));
  // the computer console's sign-in code: pending (and approved), expired, a caller who is not staff
  const login = { status: 'pending', created_at: '2026-12-07T09:30:12+08:00', expires_at: '2026-12-07T09:32:12+08:00', client_ip: '203.0.113.9', browser: 'Chrome 131 · Windows' };
  server.on('GET', `/api/v1/console-logins/${LOGIN.pending}`, { body: { ...login, id: LOGIN.pending } });
  server.on('POST', `/api/v1/console-logins/${LOGIN.pending}/approve`, { body: { status: 'approved' } });
  server.on('GET', `/api/v1/console-logins/${LOGIN.expired}`, { body: { ...login, id: LOGIN.expired, status: 'expired' } });
  server.on('GET', `/api/v1/console-logins/${LOGIN.refused}`, { status: 403, body: { error: { code: 'staff_only', message: '仅限联络站工作人员' } } });
  // a deputy's page and the form addressed to them: active, whose term ended, with two stations
  server.on('GET', '/api/v1/deputies/12', { body: fx.deputyCard() });
  server.on('GET', '/api/v1/deputies/13', { body: fx.deputyCard({ id: 13, name: '黄秀兰', levels: ['township'], active: false }) });
  server.on('GET', '/api/v1/deputies/14', { body: fx.deputyCard({ id: 14, stations: [...fx.deputyCard().stations, { id: 15, name: '兴宁区三塘镇人大代表联络站' }] }) });
  server.on('POST', '/api/v1/deputies/12/messages', { status: 201, body: { id: 4, code: 'LX2612-5CKM', status: 'submitted', created_at: '2026-12-02T06:42:13+08:00', addressee: { id: 12, name: '韦建国' } } });
  server.on('POST', '/api/v1/deputies/14/messages', { status: 409, body: { error: { code: 'deputy_inactive', message: '这位代表已届满，不再接收留言。' } } });
  // the deputy's inbox (群众来信): written to them and waiting, given by the station, handed over
  const toMe = { id: 1, name: '覃海燕' };
  const letter = fx.message({
    id: 41, code: 'LX2612-A1B2', status: 'submitted', addressee: toMe, actions: ['reply', 'hand_over'], name: '陈女士', phone: '138****5678',
    content: '村卫生室门口的路灯坏了一个多月，晚上来看病的老人看不清路，上个月还有人摔了一跤。希望尽快修好。', created_at: '2026-12-06T20:15:00+08:00',
    timeline: [{ action: 'submit', at: '2026-12-06T20:15:00+08:00', note: '' }],
  });
  const firstPage = { items: [
    letter,
    fx.message({ id: 42, code: 'LX2612-C3D4', status: 'assigned', addressee: null, deputy_id: 1, actions: ['reply'], anonymous: true, content: '村口公交站没有遮雨棚，老人等车淋雨，希望加装一个。', created_at: '2026-12-03T09:00:00+08:00' }),
    fx.message({ id: 40, code: 'LX2612-E5F6', status: 'submitted', addressee: toMe, actions: [], name: '黄大爷', content: '小学门口需要画斑马线，接送孩子的老人过马路很危险。', created_at: '2026-11-28T10:00:00+08:00' }),
    fx.message({ id: 39, code: 'LX2611-G7H8', status: 'replied', addressee: toMe, actions: [], name: '李女士', reply: '已协调', content: '希望村里的健身器材修一修。', created_at: '2026-11-20T10:00:00+08:00' }),
  ], next_cursor: 'p2' };
  server.on('GET', '/api/v1/me/inbox', (c) => ({ body: c.query.cursor === 'p2' ? { items: [], next_cursor: '' } : firstPage }));
  server.on('GET', '/api/v1/messages/41', { body: letter });
  // consultations on draft regulations: open at the station, a draft, a closed one, my opinions
  server.on('GET', '/api/v1/consultations', { body: { items: [fx.consultationSummary()], next_cursor: '' } });
  server.on('GET', '/api/v1/consultations/3', { body: fx.consultation() });
  server.on('GET', '/api/v1/consultations/4', { body: fx.consultation({ id: 4, status: 'closed' }) });
  server.on('POST', '/api/v1/consultations/3/opinions', { status: 201, body: { id: 80, consultation_id: 3, article_id: 33, author_kind: 'deputy', created_at: '2026-12-07T10:00:00+08:00' } });
  server.on('GET', '/api/v1/me/opinions', { body: { items: [
    fx.myOpinion({ id: 71, outcome: 'adopted', reason: '已在第十二条增加电子送达的规定，业主可以在小程序里签收征求意见书。' }),
    fx.myOpinion({ id: 72, article_id: null, article_number: null, content: '建议增加老旧小区物业服务的专门规定', outcome: 'not_adopted', reason: '老旧小区改造另有专门规定，本条例不再重复。' }),
    fx.myOpinion({ id: 75, consultation_title: '南宁市城市绿化条例（修订草案）', article_id: 40, article_number: '第八条', content: '小区绿地不能随便改成停车位，要经过业主大会同意。' }),
  ], next_cursor: '' } });
  // what a station passes on once the office reviewed a draft (采纳情况转告)
  server.on('GET', '/api/v1/admin/consultations/3/stats', { body: fx.consultationStats() });
  server.on('GET', '/api/v1/admin/consultations/4/stats', { body: fx.consultationStats({ consultation_id: 4, status: 'closed' }) });
  w = installWx(server);
  w.storage.set('liaison.largeType', large);
  w.storage.set('liaison.session', { token: 'preview', expires_at: '2099-01-01T00:00:00+08:00', user: { id: 9, roles: ['deputy', 'staff'] } });
}

const shots: string[] = [];

beforeAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
});

afterAll(() => {
  console.log('preview:\n' + shots.map((s) => '  ' + path.relative(process.cwd(), s)).join('\n'));
});

const g = () => (global as any).wx;

const pages: { name: string; page: string; options: Record<string, string>; before?: () => void; ready: (p: Rendered) => boolean; after?: (p: Rendered) => Promise<void>; done?: (p: Rendered) => void }[] = [
  { name: 'station', page: 'station', options: { scene: 's%3D12' }, ready: (p) => p.text().includes('已协调交警') && p.text().includes('接待代表') && p.text().includes('正在征求意见') },
  {
    name: 'message-form', page: 'message-form', options: { station_id: '12' }, ready: (p) => p.text().includes('交通出行'),
    after: async (p) => {
      await p.tap('.cat-transport');
      p.$('.content-input').dispatchEvent('input', { detail: { value: '民生路和朝阳路路口的绿灯太短' } });
      await flush();
    },
  },
  {
    name: 'message-form-done', page: 'message-form', options: { station_id: '12' }, ready: (p) => p.text().includes('交通出行'),
    after: async (p) => {
      await p.tap('.cat-transport');
      p.$('.content-input').dispatchEvent('input', { detail: { value: '民生路和朝阳路路口的绿灯太短' } });
      await p.tap('.consent');
      await flush();
      await p.tap('.submit');
      await waitFor(() => p.instance.data.done && p.instance.data.subscribe, 'done screen');
    },
  },
  {
    name: 'message-form-errors', page: 'message-form', options: { station_id: '12' }, ready: (p) => p.text().includes('交通出行'),
    after: async (p) => {
      p.$('.content-input').dispatchEvent('input', { detail: { value: '太短' } });
      await flush();
      await p.tap('.submit');
      await waitFor(() => p.instance.data.errors.category, 'errors');
    },
  },
  {
    name: 'station-offline', page: 'station', options: { scene: 's%3D12' }, before: () => { server.down = true; }, ready: (p) => !!p.instance.data.error,
  },
  {
    // where the office shows them (public_station_letters): the deputies' letters this year
    name: 'station-letters', page: 'station', options: { scene: 's%3D12' }, ready: (p) => p.text().includes('群众来信') && p.text().includes('已协调交警'),
    before: () => {
      server.on('GET', '/api/v1/stations/12', { body: { ...fx.station, deputies: [...fx.station.deputies, { id: 4, name: '陆美玲', levels: ['county'], convenor: false }], letters: { year: 2026, received: 12, answered: 9 } } });
    },
  },
  {
    // the person's page of a letter to a deputy, who handed it to the station
    name: 'message-detail-deputy', page: 'message', options: { id: '4' }, ready: (p) => p.text().includes('已请镇里安排电工'),
    before: () => {
      server.on('GET', '/api/v1/messages/4', { body: fx.message({
        status: 'replied', addressee: { id: 12, name: '韦建国' }, reply: '已请镇里安排电工，周五换好路灯杆。', replied_at: '2026-12-08T15:00:00+08:00',
        content: '村卫生室门口的路灯坏了一个多月，晚上看病不方便。',
        timeline: [
          { action: 'submit', at: '2026-12-06T20:15:00+08:00', note: '' },
          { action: 'hand_over', at: '2026-12-07T08:30:00+08:00', note: '代表转交联络站办理；要换路灯杆，需要镇里安排电工' },
          { action: 'accept', at: '2026-12-07T09:00:00+08:00', note: '' },
          { action: 'reply', at: '2026-12-08T15:00:00+08:00', note: '已请镇里安排电工，周五换好路灯杆。' },
        ],
      }) });
    },
  },
  { name: 'deputy', page: 'deputy', options: { scene: 'd%3D12' }, ready: (p) => p.text().includes('近期接待日') },
  { name: 'deputy-inactive', page: 'deputy', options: { scene: 'd%3D13' }, ready: (p) => p.text().includes('不再接收留言') },
  {
    name: 'message-form-deputy', page: 'message-form', options: { deputy_id: '14' }, ready: (p) => p.text().includes('交通出行'),
    after: async (p) => {
      await p.tap('.station-choice-15');
      await p.tap('.cat-transport');
      p.$('.content-input').dispatchEvent('input', { detail: { value: '三塘镇中学门口没有红绿灯' } });
      await flush();
    },
  },
  {
    name: 'message-form-deputy-done', page: 'message-form', options: { deputy_id: '12' }, ready: (p) => p.text().includes('交通出行'),
    after: async (p) => {
      await p.tap('.cat-transport');
      p.$('.content-input').dispatchEvent('input', { detail: { value: '民生路和朝阳路路口的绿灯太短' } });
      await p.tap('.consent');
      await flush();
      await p.tap('.submit');
      await waitFor(() => p.instance.data.done && p.instance.data.subscribe, 'done screen');
    },
  },
  {
    name: 'message-form-deputy-refused', page: 'message-form', options: { deputy_id: '14' }, ready: (p) => p.text().includes('交通出行'),
    after: async (p) => {
      await p.tap('.cat-transport');
      p.$('.content-input').dispatchEvent('input', { detail: { value: '民生路和朝阳路路口的绿灯太短' } });
      await p.tap('.consent');
      await flush();
      await p.tap('.submit');
      await waitFor(() => p.instance.data.deputyGone, 'refusal');
    },
  },
  { name: 'message-detail', page: 'message', options: { id: '4' }, ready: (p) => p.text().includes('已协调交警') },
  { name: 'my-messages', page: 'my-messages', options: {}, ready: (p) => p.text().includes('LX2612-7K3Q') },
  { name: 'home', page: 'index', options: {}, ready: (p) => p.text().includes('查找联络站') },
  { name: 'privacy', page: 'privacy', options: {}, ready: (p) => p.text().includes('运营单位：') },
  { name: 'home-roles', page: 'index', options: {}, ready: (p) => p.text().includes('代表履职') && p.text().includes('联络站工作') && p.text().includes('封等您答复') },
  { name: 'redeem', page: 'redeem', options: {}, ready: (p) => p.text().includes('输入邀请码') },
  { name: 'deputy-bind', page: 'deputy/bind/index', options: {}, ready: (p) => p.text().includes('我是人大代表') },
  { name: 'deputy-activities', page: 'deputy/activities/index', options: {}, ready: (p) => p.text().includes('走访民生社区困难群众') },
  {
    name: 'deputy-checkin', page: 'deputy/checkin/index', options: { id: '21' }, ready: (p) => !!p.instance.data.activity,
    after: async (p) => {
      g().scanCode = jest.fn((o: any) => setTimeout(() => o.success({ result: 'liaison:checkin:21:UFGCVX4937' }), 0));
      g().getLocation = jest.fn((o: any) => setTimeout(() => o.success({ latitude: 22.8, longitude: 108.31 }), 0));
      await p.tap('.checkin-scan');
      await waitFor(() => p.instance.data.result, 'check-in result');
    },
  },
  {
    name: 'deputy-checkin-ok', page: 'deputy/checkin/index', options: { id: '21' }, ready: (p) => !!p.instance.data.activity,
    after: async (p) => {
      server.on('POST', '/api/v1/activities/21/checkin', { body: { activity_id: 21, deputy_id: 1, method: 'code', distance_m: 35, note: '', checked_in_at: '2026-12-03T09:12:00+08:00' } });
      g().scanCode = jest.fn((o: any) => setTimeout(() => o.success({ result: 'liaison:checkin:21:UFGCVX4937' }), 0));
      g().getLocation = jest.fn((o: any) => setTimeout(() => o.success({ latitude: 22.8174, longitude: 108.319 }), 0));
      await p.tap('.checkin-scan');
      await waitFor(() => p.instance.data.result, 'check-in result');
    },
  },
  {
    // the code typed by hand, the phone refusing its position: staff check the deputy in by hand
    name: 'deputy-checkin-no-location', page: 'deputy/checkin/index', options: { id: '21' }, ready: (p) => !!p.instance.data.activity,
    after: async (p) => {
      g().getLocation = jest.fn((o: any) => setTimeout(() => o.fail({ errMsg: 'getLocation:fail auth deny' }), 0));
      p.$('.checkin-code-input').dispatchEvent('input', { detail: { value: '048213' } });
      await flush();
      await p.tap('.checkin-typed-send');
      await waitFor(() => p.instance.data.needSetting, 'location refused');
    },
  },
  { name: 'deputy-record', page: 'deputy/record/index', options: { year: '2026' }, ready: (p) => !!p.instance.data.total },
  { name: 'deputy-inbox', page: 'deputy/inbox/index', options: {}, ready: (p) => p.text().includes('健身器材') },
  { name: 'deputy-message', page: 'deputy/message/index', options: { id: '41' }, ready: (p) => p.text().includes('路灯') && p.instance.data.steps.length === 2 },
  {
    name: 'deputy-message-hand-over', page: 'deputy/message/index', options: { id: '41' }, ready: (p) => p.text().includes('路灯') && p.instance.data.steps.length === 2,
    after: async (p) => {
      await p.tap('.step-hand_over');
      p.$('.step-text').dispatchEvent('input', { detail: { value: '要换路灯杆，需要镇里安排电工，请联络站转给镇政府。' } });
      await flush();
    },
  },
  {
    name: 'deputy-message-handed-over', page: 'deputy/message/index', options: { id: '41' }, ready: (p) => p.text().includes('路灯') && p.instance.data.steps.length === 2,
    after: async (p) => {
      server.on('POST', '/api/v1/admin/messages/41/transitions', (c) => ({ body: fx.message({
        id: 41, code: 'LX2612-A1B2', status: 'submitted', addressee: { id: 1, name: '覃海燕' }, actions: [], name: '陈女士',
        content: '村卫生室门口的路灯坏了一个多月，晚上来看病的老人看不清路，上个月还有人摔了一跤。希望尽快修好。', created_at: '2026-12-06T20:15:00+08:00',
        timeline: [{ action: 'submit', at: '2026-12-06T20:15:00+08:00', note: '' }, { action: 'hand_over', at: '2026-12-07T08:30:00+08:00', note: c.data.note }],
      }) }));
      await p.tap('.step-hand_over');
      p.$('.step-text').dispatchEvent('input', { detail: { value: '要换路灯杆，需要镇里安排电工，请联络站转给镇政府。' } });
      await flush();
      await p.tap('.step-submit');
      await waitFor(() => p.instance.data.done, 'handed over');
    },
  },
  { name: 'staff-inbox', page: 'staff/inbox/index', options: {}, ready: (p) => p.text().includes('LX2612-7K3Q') },
  {
    name: 'staff-message', page: 'staff/message/index', options: { id: '5' }, ready: (p) => p.text().includes('遮雨棚'),
  },
  {
    name: 'staff-message-warnings', page: 'staff/message/index', options: { id: '6' }, ready: (p) => p.text().includes('路灯'),
    after: async (p) => {
      await p.tap('.act-reply');
      p.$('.action-text').dispatchEvent('input', { detail: { value: '王女士您好：已请街道联系供电所，本周内修好。有问题请打 0771-5551234。' } });
      await flush();
      await p.tap('.action-submit');
      await waitFor(() => p.instance.data.warnings.length, 'warnings');
    },
  },
  {
    name: 'staff-walk-in', page: 'staff/walk-in/index', options: {}, ready: (p) => p.instance.data.categories.length > 0,
    after: async (p) => {
      await p.tap('.cat-transport');
      p.$('.walkin-content').dispatchEvent('input', { detail: { value: '村口公交站没有遮雨棚，老人等车淋雨' } });
      p.$('.walkin-name').dispatchEvent('input', { detail: { value: '李大爷' } });
      await flush();
      await p.tap('.walkin-consent');
    },
  },
  {
    name: 'staff-walk-in-errors', page: 'staff/walk-in/index', options: {}, ready: (p) => p.instance.data.categories.length > 0,
    after: async (p) => {
      await p.tap('.walkin-submit');
      await waitFor(() => p.instance.data.errors.category, 'errors');
    },
  },
  { name: 'staff-activities', page: 'staff/activities/index', options: {}, ready: (p) => p.instance.data.items.length === 4 },
  { name: 'staff-activity', page: 'staff/activity/index', options: { id: '31' }, ready: (p) => p.text().includes('需电话通知的单位') },
  {
    name: 'staff-venue', page: 'staff/venue/index', options: { id: '31' }, ready: (p) => p.instance.data.code === '048213' && p.instance.data.invited === 3,
    done: (p) => p.instance.onUnload(),
  },
  { name: 'staff-activity-edit', page: 'staff/activity-edit/index', options: {}, ready: (p) => !p.instance.data.loading && p.instance.data.deputies.length > 0 },
  { name: 'staff-compliance', page: 'staff/compliance/index', options: {}, ready: (p) => p.instance.data.rules.length === 2 },
  { name: 'staff-consultation-report', page: 'staff/consultation-report/index', options: { id: '3', station_id: '12' }, ready: (p) => p.text().includes('以下 3 条请转告') },
  { name: 'staff-consultation-report-all', page: 'staff/consultation-report/index', options: { id: '3' }, ready: (p) => p.text().includes('以下 1 条请转告') },
  { name: 'staff-consultation-report-waiting', page: 'staff/consultation-report/index', options: { id: '4', station_id: '12' }, ready: (p) => p.instance.data.shown === 'waiting' },
  {
    name: 'staff-consultation-report-not-found', page: 'staff/consultation-report/index', options: { id: '5', station_id: '12' }, ready: (p) => !!p.instance.data.error,
    before: () => { server.on('GET', '/api/v1/admin/consultations/5/stats', { status: 404, body: { error: { code: 'consultation_not_found', message: '征求意见不存在' } } }); },
  },
  { name: 'consultation-read', page: 'consultation/read/index', options: { id: '3', station_id: '12' }, ready: (p) => p.text().includes('第十二条') },
  {
    name: 'consultation-read-explanation', page: 'consultation/read/index', options: { id: '3', station_id: '12' }, ready: (p) => p.text().includes('第十二条'),
    after: async (p) => {
      await p.tap('.expl-toggle');
    },
  },
  { name: 'consultation-closed', page: 'consultation/read/index', options: { id: '4', station_id: '12' }, ready: (p) => p.text().includes('征求意见已结束') },
  {
    name: 'consultation-opinion', page: 'consultation/opinion/index', options: { id: '3', article_id: '33', station_id: '12' }, ready: (p) => p.instance.data.ready,
    after: async (p) => {
      p.$('.of-content').dispatchEvent('input', { detail: { value: '书面征求意见书应当允许业主在小程序里签收，方便在外地工作的业主。' } });
      await flush();
    },
  },
  {
    name: 'consultation-opinion-errors', page: 'consultation/opinion/index', options: { id: '3', station_id: '12' }, ready: (p) => p.instance.data.ready,
    after: async (p) => {
      p.$('.of-content').dispatchEvent('input', { detail: { value: '太短' } });
      await flush();
      await p.tap('.of-submit');
      await waitFor(() => p.instance.data.errors.content, 'errors');
    },
  },
  {
    name: 'consultation-opinion-done', page: 'consultation/opinion/index', options: { id: '3', article_id: '33', station_id: '12' }, ready: (p) => p.instance.data.ready,
    after: async (p) => {
      p.$('.of-content').dispatchEvent('input', { detail: { value: '书面征求意见书应当允许业主在小程序里签收。' } });
      p.$('.of-phone').dispatchEvent('input', { detail: { value: '13800138000' } });
      await p.tap('.of-consent');
      await flush();
      await p.tap('.of-submit');
      await waitFor(() => p.instance.data.done && p.instance.data.subscribe, 'done screen');
    },
  },
  {
    name: 'consultation-opinion-closed', page: 'consultation/opinion/index', options: { id: '3', article_id: '33', station_id: '12' }, ready: (p) => p.instance.data.ready,
    after: async (p) => {
      server.on('POST', '/api/v1/consultations/3/opinions', { status: 409, body: { error: { code: 'consultation_closed', message: '征求意见已结束' } } });
      p.$('.of-content').dispatchEvent('input', { detail: { value: '书面征求意见书应当允许业主在小程序里签收。' } });
      await p.tap('.of-consent');
      await flush();
      await p.tap('.of-submit');
      await waitFor(() => p.instance.data.closed, 'closed');
    },
  },
  { name: 'consultation-mine', page: 'consultation/mine/index', options: {}, ready: (p) => p.text().includes('正在研究') },
  {
    name: 'home-consultations', page: 'index', options: {}, ready: (p) => p.text().includes('正在征求意见'),
    before: () => { w.storage.set('liaison.lastStation', { id: 12, name: fx.station.name }); },
  },
  { name: 'console-login', page: 'console-login', options: { scene: `l%3D${LOGIN.pending}` }, ready: (p) => p.instance.data.state === 'pending' },
  {
    name: 'console-login-approved', page: 'console-login', options: { scene: `l%3D${LOGIN.pending}` }, ready: (p) => p.instance.data.state === 'pending',
    after: async (p) => {
      await p.tap('.cl-approve');
      await waitFor(() => p.instance.data.state === 'approved', 'approved');
    },
  },
  { name: 'console-login-expired', page: 'console-login', options: { scene: `l%3D${LOGIN.expired}` }, ready: (p) => p.instance.data.state === 'expired' },
  { name: 'console-login-refused', page: 'console-login', options: { scene: `l%3D${LOGIN.refused}` }, ready: (p) => p.instance.data.state === 'forbidden' },
];

for (const large of [false, true]) {
  for (const pg of pages) {
    test(`${pg.name} (${large ? 'large type' : 'normal type'}) renders to PNG`, async () => {
      setUp(large);
      if (pg.before) pg.before();
      const p = render(pg.page);
      p.instance.onLoad(pg.options);
      await waitFor(() => pg.ready(p), pg.name, 8000);
      if (pg.after) await pg.after(p);
      await flush();
      const root = String(p.instance.data.rootFontSize);
      const px = root === 'system' ? 16 : parseFloat(root);
      expect(px).toBe(large ? 22 : 16);
      try {
        shots.push(shoot(`${pg.name}${large ? '-large' : ''}`, html(p, px)));
      } finally {
        if (pg.done) pg.done(p);
      }
    });
  }
}

// Large type must not break these layouts: measured in Chromium on the drawn page.
describe('large type keeps layouts whole', () => {
  async function drawn(page: string, options: Record<string, string>, ready: (p: Rendered) => boolean, wechatFont?: number) {
    setUp(true);
    if (wechatFont) g().getAppBaseInfo = jest.fn(() => ({ fontSizeSetting: wechatFont, fontSizeScaleFactor: wechatFont / 16, SDKVersion: '3.7.0' }));
    const p = render(page);
    p.instance.onLoad(options);
    await waitFor(() => ready(p), page, 8000);
    await flush();
    return { p, px: parseFloat(String(p.instance.data.rootFontSize)) };
  }

  for (const font of [0, 22]) {
    test(`the compliance year switch: the year and each button on one line (${font ? 'with a large WeChat font' : 'large type'})`, async () => {
      const { p, px } = await drawn('staff/compliance/index', {}, (q) => q.instance.data.rules.length === 2, font);
      expect(px).toBe(font ? 29 : 22);
      const name = `staff-compliance-large${font ? '-wechat-font' : ''}`;
      const page = html(p, px);
      if (font) shots.push(shoot(name, page));
      const m = measure(name, page, ['comp-year', 'comp-prev', 'comp-next', 'period__state']);
      expect(m['comp-year'].map((b) => [b.text, b.lines])).toEqual([['2026年', 1]]);
      expect(m['comp-prev'].map((b) => [b.text, b.lines])).toEqual([['‹ 2025年', 1]]);
      expect(m['comp-next'].map((b) => [b.text, b.lines])).toEqual([['2027年 ›', 1]]);
      for (const b of m['period__state']) expect([b.text, b.lines]).toEqual([b.text, 1]);
    });
  }

  for (const font of [0, 22]) {
    test(`a deputy's record: the year and each button on one line (${font ? 'with a large WeChat font' : 'large type'})`, async () => {
      const { p, px } = await drawn('deputy/record/index', { year: '2026' }, (q) => !!q.instance.data.total, font);
      const m = measure(`deputy-record-large${font ? '-wechat-font' : ''}`, html(p, px), ['record-year', 'record-prev', 'record-next']);
      expect(m['record-year'].map((b) => [b.text, b.lines])).toEqual([['2026年', 1]]);
      expect(m['record-prev'].map((b) => [b.text, b.lines])).toEqual([['‹ 2025年', 1]]);
      expect(m['record-next'].map((b) => [b.text, b.lines])).toEqual([['2027年 ›', 1]]);
    });
  }

  for (const font of [0, 22]) {
    test(`the tracking code on the done screen stays on one line (${font ? 'with a large WeChat font' : 'large type'})`, async () => {
      const { p, px } = await drawn('message-form', { station_id: '12' }, (q) => q.text().includes('交通出行'), font);
      await p.tap('.cat-transport');
      p.$('.content-input').dispatchEvent('input', { detail: { value: '民生路和朝阳路路口的绿灯太短' } });
      await p.tap('.consent');
      await flush();
      await p.tap('.submit');
      await waitFor(() => p.instance.data.done, 'done screen');
      await flush();
      const name = `message-form-done-large${font ? '-wechat-font' : ''}`;
      const page = html(p, px);
      if (font) shots.push(shoot(name, page));
      const m = measure(name, page, ['done__code']);
      expect(m['done__code'].map((b) => [b.text, b.lines])).toEqual([['LX2612-5CKM', 1]]);
      expect(m['done__code'][0].textWidth).toBeLessThanOrEqual(m['done__code'][0].width); // not cut off at the card's edge
    });
  }

  test('a draft in large type: the closing date on one line, each article heading on one line', async () => {
    const { p, px } = await drawn('consultation/read/index', { id: '3', station_id: '12' }, (q) => q.text().includes('第十二条'));
    const m = measure('consultation-read-large', html(p, px), ['nowrap', 'article__number', 'article__comment']);
    expect(m['nowrap'].map((b) => [b.text, b.lines])).toEqual([['2026年12月31日', 1]]);
    expect(m['article__number'].map((b) => [b.text, b.lines])).toEqual([['第一条', 1], ['第二条', 1], ['第十二条', 1]]);
    for (const b of m['article__comment']) expect(b.height).toBeGreaterThanOrEqual(44 * 1.3); // touch targets grow with the type
  });

  test('my opinions in large type: each date on one line', async () => {
    const { p, px } = await drawn('consultation/mine/index', {}, (q) => q.text().includes('正在研究'));
    const m = measure('consultation-mine-large', html(p, px), ['nowrap']);
    expect(m['nowrap'].map((b) => [b.text, b.lines])).toEqual([['2026年12月5日', 1], ['2026年12月5日', 1], ['2026年12月5日', 1]]);
  });

  test('the message timeline: a round dot per step, no numbers', async () => {
    const { p, px } = await drawn('message', { id: '4' }, (q) => q.text().includes('已协调交警'));
    const m = measure('message-detail-large', html(p, px), ['tl-step__dot', 'tl-step__title']);
    expect(m['tl-step__title'].map((b) => b.text)).toEqual(['提交留言', '联络站受理', '答复']);
    expect(m['tl-step__dot']).toHaveLength(3);
    for (const d of m['tl-step__dot']) {
      expect(d.text).toBe('');
      expect(d.width).toBeGreaterThanOrEqual(12);
      expect(d.height).toBe(d.width);
    }
  });
});
