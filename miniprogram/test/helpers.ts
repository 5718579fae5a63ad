// Test helpers: render a page with miniprogram-simulate, a fake `wx` at the edge, a fake
// backend answering wx.request / wx.uploadFile / wx.downloadFile by route.
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const simulate = require('miniprogram-simulate');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const babel = require('@babel/core');

/*
 * simulate runs a component's file each time a page uses it, so that its Component() call
 * registers it for that page; it relies on deleting the file from Node's require cache,
 * which jest's module registry ignores. So a component file is evaluated afresh here, while
 * what it imports (services, API modules) is required normally and stays one instance
 * shared with the test.
 */
const compiled = new Map<string, string>();
function runFresh(filePath: string): void {
  const file = ['.ts', '.js', ''].map((e) => filePath + e).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (!file) throw new Error(`no script for ${filePath}`);
  let code = compiled.get(file);
  if (code === undefined) {
    code = babel.transformFileSync(file, { cwd: path.resolve(__dirname, '..') }).code as string;
    compiled.set(file, code);
  }
  const dir = path.dirname(file);
  const mod = { exports: {} };
  const req = (id: string) => require(id.startsWith('.') ? path.resolve(dir, id) : id);
  // eslint-disable-next-line no-new-func
  new Function('require', 'module', 'exports', '__filename', '__dirname', code)(req, mod, mod.exports, file, dir);
}
// eslint-disable-next-line @typescript-eslint/no-var-requires
require('miniprogram-simulate/src/utils').runJs = runFresh;

export const SRC = path.resolve(__dirname, '..', 'src');

/** Bare TDesign paths in usingComponents, rewritten to /miniprogram_npm/… (simulate drops bare ones). */
function tdesignOverrides(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'miniprogram_npm') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) {
        const using = (JSON.parse(fs.readFileSync(p, 'utf8')).usingComponents || {}) as Record<string, string>;
        for (const [k, v] of Object.entries(using)) {
          if (v.startsWith('tdesign-miniprogram/')) out[k] = '/miniprogram_npm/' + v;
        }
      }
    }
  };
  walk(SRC);
  return out;
}
const overrides = tdesignOverrides();
const loaded = new Map<string, string>();

export interface Rendered {
  comp: any;
  instance: any;
  text(): string;
  $(selector: string): any;
  tap(selector: string): Promise<void>;
}

/** Renders `pages/<name>/index` (or a component path under src/) and attaches it. */
export function render(name: string, props: Record<string, unknown> = {}): Rendered {
  const p = name.includes('/') ? path.join(SRC, name) : path.join(SRC, 'pages', name, 'index');
  let id = loaded.get(p);
  if (!id) {
    id = simulate.load(p, {
      rootPath: SRC,
      usingComponents: overrides,
      compilerOptions: { maxBuffer: 64 << 20 },
    }) as string;
    loaded.set(p, id);
  }
  const comp = simulate.render(id, props);
  const parent = document.createElement('parent-wrapper');
  comp.attach(parent);
  const r: Rendered = {
    comp,
    instance: comp.instance,
    text: () => (comp.dom.textContent || '').replace(/\s+/g, ' '),
    $: (selector: string) => find(comp, selector),
    tap: async (selector: string) => {
      const el = find(comp, selector);
      if (!el) throw new Error(`nothing matches ${selector}`);
      el.dispatchEvent('tap');
      await flush();
    },
  };
  return r;
}

/** Hosts of our own child components: find() looks inside them too. */
const HOSTS = [
  '.station-state', '.schedule-state', '.answers-state', '.station-finder', '.finder__state',
  '.form-state', '.detail-state', '.mine-state', '.privacy', '.type-size',
  '.acts-state', '.record-state', '.inbox-state', '.smsg-state', '.sacts-state', '.sact-state',
  '.venue-state', '.comp-state', '.edit-state', '.walkin-state', '.cl-state', '.deputy-state',
  '.dinbox-state', '.dmsg-state', '.open-consultations', '.read-state', '.of-state', '.report-state',
];

/** querySelector that also looks inside child components (simulate keeps each one's tree apart). */
export function find(comp: any, selector: string, depth = 0): any {
  const direct = comp.querySelector(selector);
  if (direct) return direct;
  if (depth > 3) return null;
  for (const host of HOSTS) {
    const child = comp.querySelector(host);
    if (child && child.dom !== comp.dom) {
      const hit = find(child, selector, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

export async function waitFor(check: () => unknown, what = 'condition', timeout = 4000): Promise<void> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      if (check()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}${last ? ': ' + String(last) : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const flush = () => new Promise((r) => setTimeout(r, 0));

// ---- fake backend ----

export interface Reply {
  status?: number;
  body?: unknown;
  header?: Record<string, string>;
  /** No answer at all: wx.request calls fail (network down). */
  fail?: boolean;
  /** Answer only once this settles (a slow network). */
  wait?: Promise<unknown>;
}

export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  data: any;
  header: Record<string, string>;
}

type Handler = Reply | ((call: Call, n: number) => Reply);

export class FakeServer {
  routes: { method: string; pattern: RegExp; handler: Handler; hits: number }[] = [];
  calls: Call[] = [];
  down = false;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.routes = [];
    this.calls = [];
    this.down = false;
    let n = 0;
    this.on('POST', '/api/v1/auth/wechat', () => {
      n++;
      return { body: { token: `token-${n}`, expires_at: '2099-01-01T00:00:00+08:00', user: { id: 7, roles: [] } } };
    });
    this.on('GET', '/api/v1/meta', { body: meta() });
    this.on('POST', '/api/v1/me/subscriptions', { body: { grants: {} } });
  }

  /** Adds (in front) a route; `path` may contain `*` for one path segment. */
  on(method: string, pathPattern: string, handler: Handler): this {
    const pattern = new RegExp('^' + pathPattern.replace(/[.?+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+') + '$');
    this.routes.unshift({ method, pattern, handler, hits: 0 });
    return this;
  }

  answer(method: string, fullUrl: string, data: any, header: Record<string, string>): Reply {
    const u = new URL(fullUrl);
    const query: Record<string, string> = {};
    u.searchParams.forEach((v, k) => (query[k] = v));
    const call: Call = { method, path: u.pathname, query, data, header };
    this.calls.push(call);
    if (this.down) return { fail: true };
    const route = this.routes.find((r) => r.method === method && r.pattern.test(u.pathname));
    if (!route) return { status: 404, body: { error: { code: 'not_found', message: '请求的地址不存在' } } };
    route.hits++;
    return typeof route.handler === 'function' ? route.handler(call, route.hits) : route.handler;
  }

  callsTo(method: string, p: string): Call[] {
    return this.calls.filter((c) => c.method === method && c.path === p);
  }
}

export function meta(templates: Record<string, string> = { message_reply: 'TPL-REPLY', message_followup: 'TPL-FOLLOW', message_accepted: 'TPL-ACCEPTED', activity_notice: '' }) {
  return {
    subscribe_templates: templates,
    categories: [
      { code: 'urban_rural', name: '城乡建设' },
      { code: 'social_security', name: '社会保障' },
      { code: 'transport', name: '交通出行' },
      { code: 'other', name: '其他' },
    ],
    activity_kinds: [{ code: 'reception_day', name: '代表接待日' }],
    operator: OPERATOR,
    ...RULES,
  };
}

/** The rules the fake backend's meta carries: those of the shipped configs/. */
export const RULES = {
  checkin_window: { opens_before_minutes: 60 },
  photos: { max_count: 9, max_bytes: 5 * 1024 * 1024 },
  text_limits: { content_min: 5, content_max: 2000, name_max: 50, reply_max: 2000, reason_max: 500, promise_max: 500, note_max: 500, comment_max: 500 },
};

/** The operating unit the fake backend's meta carries (the backend's `operator` configuration). */
export const OPERATOR = {
  name: '南宁市兴宁区人大常委会办公室',
  phone: '0771-5612345',
  email: 'xnrd@example.gov.cn',
  privacy_contact: '办公室 黄主任 0771-5612345',
};

// ---- fake wx ----

export interface FakeWx {
  server: FakeServer;
  storage: Map<string, unknown>;
  wx: Record<string, jest.Mock | unknown>;
  uploads: { filePath: string; progress: (p: number) => void }[];
}

/** Installs a fake `wx` over simulate's: storage, login, network through `server`, navigation. */
export function installWx(server: FakeServer): FakeWx {
  const storage = new Map<string, unknown>();
  const uploads: FakeWx['uploads'] = [];
  const later = (fn: () => void) => setTimeout(fn, 0);
  const net = (method: string, url: string, data: any, header: Record<string, string>, ok: (r: Reply) => void, fail: () => void) => {
    later(async () => {
      const r = server.answer(method, url, data, header || {});
      if (r.wait) await r.wait;
      if (r.fail) fail();
      else ok(r);
    });
  };
  const fake: Record<string, any> = {
    getStorageSync: jest.fn((k: string) => (storage.has(k) ? storage.get(k) : '')),
    setStorageSync: jest.fn((k: string, v: unknown) => storage.set(k, v)),
    removeStorageSync: jest.fn((k: string) => storage.delete(k)),
    getAppBaseInfo: jest.fn(() => ({ fontSizeSetting: 16, SDKVersion: '3.7.0' })),
    getSystemInfoSync: jest.fn(() => ({ SDKVersion: '3.7.0', windowWidth: 375, windowHeight: 700, pixelRatio: 2, platform: 'devtools' })),
    getWindowInfo: jest.fn(() => ({ windowWidth: 375, windowHeight: 700, pixelRatio: 2 })),
    getDeviceInfo: jest.fn(() => ({ platform: 'devtools' })),
    login: jest.fn((o: any) => later(() => o.success({ code: 'wx-code', errMsg: 'login:ok' }))),
    request: jest.fn((o: any) =>
      net(o.method || 'GET', o.url, o.data, o.header,
        (r) => o.success && o.success({ statusCode: r.status || 200, data: r.body === undefined ? '' : r.body, header: r.header || {} }),
        () => o.fail && o.fail({ errMsg: 'request:fail' })),
    ),
    uploadFile: jest.fn((o: any) => {
      const task = { onProgressUpdate: (cb: (p: { progress: number }) => void) => uploads.push({ filePath: o.filePath, progress: (p) => cb({ progress: p }) }), abort: jest.fn() };
      net('POST', o.url, { filePath: o.filePath, name: o.name }, o.header,
        (r) => o.success && o.success({ statusCode: r.status || 201, data: JSON.stringify(r.body || {}) }),
        () => o.fail && o.fail({ errMsg: 'uploadFile:fail' }));
      return task;
    }),
    downloadFile: jest.fn((o: any) =>
      net('GET', o.url, undefined, o.header,
        (r) => o.success && o.success({ statusCode: r.status || 200, tempFilePath: 'wxfile://tmp' + new URL(o.url).pathname.replace(/\//g, '_') }),
        () => o.fail && o.fail({ errMsg: 'downloadFile:fail' })),
    ),
    navigateTo: jest.fn(),
    redirectTo: jest.fn(),
    reLaunch: jest.fn(),
    navigateBack: jest.fn(),
    setNavigationBarTitle: jest.fn(),
    openLocation: jest.fn(),
    getLocation: jest.fn((o: any) => later(() => o.fail && o.fail({ errMsg: 'getLocation:fail auth deny' }))),
    openSetting: jest.fn(),
    chooseMedia: jest.fn((o: any) => later(() => o.fail && o.fail({ errMsg: 'chooseMedia:fail cancel' }))),
    previewImage: jest.fn(),
    requestSubscribeMessage: jest.fn((o: any) => later(() => o.fail && o.fail({ errMsg: 'requestSubscribeMessage:fail' }))),
    onNeedPrivacyAuthorization: jest.fn(),
    openPrivacyContract: jest.fn(),
    setClipboardData: jest.fn((o: any) => later(() => o.success && o.success({}))),
    showToast: jest.fn(),
    makePhoneCall: jest.fn(),
    scanCode: jest.fn((o: any) => later(() => o.fail && o.fail({ errMsg: 'scanCode:fail cancel' }))),
    getSetting: jest.fn((o: any) => later(() => o.success && o.success({ authSetting: { 'scope.userLocation': true } }))),
    showModal: jest.fn((o: any) => later(() => o.success && o.success({ confirm: true, cancel: false }))),
    setKeepScreenOn: jest.fn(),
    chooseLocation: jest.fn((o: any) => later(() => o.fail && o.fail({ errMsg: 'chooseLocation:fail cancel' }))),
    stopPullDownRefresh: jest.fn(),
    pageScrollTo: jest.fn((o: any) => later(() => o.success && o.success({}))),
  };
  Object.assign((global as any).wx, fake);
  return { server, storage, wx: fake, uploads };
}

/** The app's config, with fast repeats so tests do not wait. */
export function fastConfig(): void {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { config } = require('../src/config/index');
  config.retryDelayMs = 1;
  config.baseUrl = 'http://liaison.test';
}

/** The mini program's own source files under dir (npm packages left out) whose names match ext. */
export function sourceFiles(dir: string = SRC, ext = /\.(wxml|ts|js|json|wxss|wxs)$/): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'miniprogram_npm' ? [] : sourceFiles(p, ext);
    return ext.test(e.name) ? [p] : [];
  });
}

/** Every line of files where find answers something, as "file:line: what", for a test that wants none. */
export function grepLines(files: string[], find: (line: string) => string | undefined): string[] {
  const found: string[] = [];
  for (const f of files) {
    fs.readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = find(line);
        if (m) found.push(`${path.relative(SRC, f)}:${i + 1}: ${m}`);
      });
  }
  return found;
}
