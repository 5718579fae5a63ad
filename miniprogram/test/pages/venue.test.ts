// The staff's venue screen: the QR, the code to type under it, and a code that keeps inside
// its card in large type at any phone font size (issue: "the venue code overflows its card").
import * as fs from 'fs';
import * as path from 'path';
import { fastConfig, FakeServer, installWx, render, SRC, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';

const server = new FakeServer();

beforeEach(() => {
  fastConfig();
  forgetMeta();
  server.reset();
  server.on('GET', '/api/v1/admin/activities/31', { body: fx.activityDetail() });
  server.on('GET', '/api/v1/admin/activities/31/checkin-code', {
    body: { code: '048213', url: 'https://lianluo.example.cn/c/31/048213', expires_at: new Date(Date.now() + 20000).toISOString(), png: 'iVBORw0KGgo=' },
  });
});

async function venue(large: boolean) {
  const w = installWx(server);
  w.storage.set('liaison.largeType', large);
  const p = render('staff/venue/index');
  p.instance.onLoad({ id: '31' });
  await waitFor(() => p.instance.data.code === '048213', 'code');
  return p;
}

test('the code is shown under the QR in plain digits, with how to scan and how to type it', async () => {
  const p = await venue(false);
  try {
    expect(p.$('.venue-code').dom.textContent).toBe('048213');
    expect(p.text()).toContain('扫不了码，就输入签到码');
    expect(p.text()).toContain('请代表用微信“扫一扫”扫这个二维码');
    expect(p.text()).toContain('输入二维码下面的 6 位数字');
  } finally {
    p.instance.onUnload();
  }
});

test('in large type the page is large and still shows the code', async () => {
  const p = await venue(true);
  try {
    expect(p.instance.data.large).toBe(true);
    expect(p.$('.page--large')).toBeTruthy();
    expect(p.$('.venue-code').dom.textContent).toBe('048213');
  } finally {
    p.instance.onUnload();
  }
});

/** The declarations of a rule of the page's WXSS. */
function rule(selector: string): Record<string, string> {
  const wxss = fs.readFileSync(path.join(SRC, 'staff/venue/index.wxss'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const m = new RegExp(`(^|\\n)${selector.replace('.', '\\.')} \\{([^}]*)\\}`).exec(wxss);
  if (!m) throw new Error(`no rule ${selector}`);
  const out: Record<string, string> = {};
  for (const d of m[2].split(';')) {
    const i = d.indexOf(':');
    if (i > 0) out[d.slice(0, i).trim()] = d.slice(i + 1).trim();
  }
  return out;
}

/** A length in px on a 375 px screen: rpx, rem (at root), em (at font), px. */
function px(value: string | undefined, root: number, font = root): number {
  const m = /^(-?[\d.]+)(rpx|rem|em|px)$/.exec((value || '0px').split(/\s+/)[0]);
  if (!m) throw new Error(`not a length: ${value}`);
  const n = Number(m[1]);
  return m[2] === 'rpx' ? n / 2 : m[2] === 'rem' ? n * root : m[2] === 'em' ? n * font : n;
}

test.each([16, 18, 20, 24])('six digits fit on one line inside the card in large type (phone font %i px)', (system) => {
  const root = Math.max(22, Math.round(system * 1.3)); // services/typesize.ts
  const inner = 375 - 2 * px(rule('.venue').padding, root) - 2 * px(rule('.venue__card').padding, root);
  const code = rule('.venue__code');
  const font = px(code['font-size'], root);
  const perChar = 0.6 * font + px(code['letter-spacing'], root, font); // a monospace digit is 0.6 em
  expect(6 * perChar).toBeLessThanOrEqual(inner);
  expect(font).toBeGreaterThanOrEqual(40); // still read from a metre away
});

test('a longer code wraps inside the card instead of running over its edge', () => {
  expect(rule('.venue__code')['word-break']).toBe('break-all');
  expect(rule('.venue__card').overflow).toBe('hidden');
});
