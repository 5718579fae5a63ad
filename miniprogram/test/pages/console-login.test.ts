// The page the computer console's sign-in code opens (scene l=<id>): staff see when and from
// where the sign-in was asked and approve it once; every end says what to do next.
import { fastConfig, FakeServer, installWx, render, Rendered, waitFor } from '../helpers';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

const ID = 'Qm9vZ2llV29vZ2llLTEyMw';
const PATH = `/api/v1/console-logins/${ID}`;
const APPROVE = `${PATH}/approve`;

function login(over: Record<string, unknown> = {}) {
  return {
    id: ID,
    status: 'pending',
    created_at: '2026-12-07T09:30:12+08:00',
    expires_at: '2026-12-07T09:32:12+08:00',
    client_ip: '203.0.113.9',
    browser: 'Chrome 131 · Windows',
    ...over,
  };
}

const staffOnly = { status: 403, body: { error: { code: 'staff_only', message: '仅限联络站工作人员' } } };
const notFound = { status: 404, body: { error: { code: 'console_login_not_found', message: '登录请求不存在' } } };
const expired = { status: 409, body: { error: { code: 'console_login_expired', message: '登录请求已过期，请在电脑上刷新页面重新扫码' } } };
const used = { status: 409, body: { error: { code: 'console_login_used', message: '该登录请求已确认过' } } };

beforeEach(() => {
  fastConfig();
  server.reset();
  w = installWx(server);
});

async function open(options: Record<string, string> = { scene: `l%3D${ID}` }): Promise<Rendered> {
  const p = render('console-login');
  p.instance.onLoad(options);
  await waitFor(() => p.instance.data.state !== 'loading', 'the request');
  return p;
}

const approveButton = (p: Rendered) => p.$('.cl-approve');
/** Every button drawn, inside child components too (built-ins render as <wx-button>). */
const buttons = (p: Rendered): string[] => Array.from((p.comp.dom as HTMLElement).querySelectorAll('wx-button')).map((b) => (b.textContent || '').trim());

test('pending: the request with time, address and browser, a warning, 确认登录 and 取消', async () => {
  server.on('GET', PATH, { body: login() });
  const p = await open();
  // the request layer signed in first, then asked with the token
  expect(server.callsTo('POST', '/api/v1/auth/wechat')).toHaveLength(1);
  expect(server.callsTo('GET', PATH)[0].header.Authorization).toBe('Bearer token-1');
  const t = p.text();
  expect(t).toContain('电脑端管理后台登录');
  expect(t).toContain('请求时间12月7日 09:30');
  expect(t).toContain('IP 地址203.0.113.9');
  expect(t).toContain('浏览器Chrome 131 · Windows');
  expect(p.$('.cl-asked').dom.textContent).toBe('12月7日 09:30');
  expect(p.$('.cl-ip').dom.textContent).toBe('203.0.113.9');
  expect(p.$('.cl-browser').dom.textContent).toBe('Chrome 131 · Windows');
  expect(t).toContain('请确认是您本人正在电脑前操作。如不是，请不要确认。');
  expect(t).toContain('请在 09:32 前确认');
  expect(approveButton(p).dom.textContent.trim()).toBe('确认登录');
  expect(p.$('.cl-cancel').dom.textContent.trim()).toBe('取消');
  expect(buttons(p)).toEqual(['确认登录', '取消']);
  expect(server.callsTo('POST', APPROVE)).toHaveLength(0);
});

test('确认登录 POSTs once, however often it is tapped, and then says to go on at the computer', async () => {
  let release: () => void = () => undefined;
  const slow = new Promise((r) => (release = () => r(undefined)));
  server.on('GET', PATH, { body: login() });
  server.on('POST', APPROVE, { body: { status: 'approved' }, wait: slow });
  const p = await open();
  approveButton(p).dispatchEvent('tap');
  approveButton(p).dispatchEvent('tap');
  await waitFor(() => p.instance.data.state === 'approving', 'approving');
  expect(p.text()).toContain('正在确认…');
  approveButton(p).dispatchEvent('tap');
  release();
  await waitFor(() => p.instance.data.state === 'approved', 'approved');
  expect(server.callsTo('POST', APPROVE)).toHaveLength(1);
  expect(server.callsTo('POST', APPROVE)[0].header.Authorization).toBe('Bearer token-1');
  const t = p.text();
  expect(t).toContain('已确认，请在电脑上继续操作');
  expect(buttons(p)).toEqual(['完成']);
  expect(t).not.toContain('203.0.113.9');
  await p.tap('.cl-done');
  expect(w.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
});

test('取消 approves nothing and goes home (opened by a scan, no page before it)', async () => {
  server.on('GET', PATH, { body: login() });
  const p = await open();
  await p.tap('.cl-cancel');
  expect(w.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
  expect(server.callsTo('POST', APPROVE)).toHaveLength(0);
});

test('取消 goes back when a page came before', async () => {
  server.on('GET', PATH, { body: login() });
  const p = await open({ id: ID });
  const pages = (global as any).getCurrentPages;
  (global as any).getCurrentPages = () => [{}, {}];
  try {
    await p.tap('.cl-cancel');
  } finally {
    (global as any).getCurrentPages = pages;
  }
  expect(w.wx.navigateBack).toHaveBeenCalledWith({ delta: 1 });
  expect(w.wx.reLaunch).not.toHaveBeenCalled();
});

test('expired when loaded: refresh the page on the computer and scan again; no button to approve', async () => {
  server.on('GET', PATH, { body: login({ status: 'expired' }) });
  const p = await open();
  expect(p.instance.data.state).toBe('expired');
  const t = p.text();
  expect(t).toContain('这个登录请求已过期');
  expect(t).toContain('请在电脑上刷新登录页面，再用微信扫一扫新的二维码');
  expect(buttons(p)).toEqual(['知道了']);
});

test('expired while the page was open: the approval answers 409 console_login_expired', async () => {
  server.on('GET', PATH, { body: login() });
  server.on('POST', APPROVE, expired);
  const p = await open();
  await p.tap('.cl-approve');
  await waitFor(() => p.instance.data.state === 'expired', 'expired');
  expect(p.text()).toContain('这个登录请求已过期');
  expect(p.text()).toContain('刷新登录页面');
  expect(approveButton(p)).toBeFalsy();
  expect(server.callsTo('POST', APPROVE)).toHaveLength(1);
});

test('used: approved before (status approved, or 409 console_login_used) says so and what to do', async () => {
  server.on('GET', PATH, { body: login({ status: 'approved' }) });
  let p = await open();
  expect(p.instance.data.state).toBe('used');
  expect(p.text()).toContain('这个登录请求已经确认过了');
  expect(p.text()).toContain('请在电脑上刷新登录页面');
  expect(approveButton(p)).toBeFalsy();

  server.on('GET', PATH, { body: login() });
  server.on('POST', APPROVE, used);
  p = await open();
  await p.tap('.cl-approve');
  await waitFor(() => p.instance.data.state === 'used', 'used');
  expect(p.text()).toContain('这个登录请求已经确认过了');
  expect(approveButton(p)).toBeFalsy();
});

test('not staff (403 staff_only): a plain refusal and no button', async () => {
  server.on('GET', PATH, staffOnly);
  const p = await open();
  expect(p.instance.data.state).toBe('forbidden');
  expect(p.text()).toContain('只有联络站工作人员和管理员可以登录管理后台');
  expect(buttons(p)).toEqual([]);
  expect(server.callsTo('POST', APPROVE)).toHaveLength(0);
});

test('a role lost between loading and approving: the approval\'s 403 refuses the same way', async () => {
  server.on('GET', PATH, { body: login() });
  server.on('POST', APPROVE, staffOnly);
  const p = await open();
  await p.tap('.cl-approve');
  await waitFor(() => p.instance.data.state === 'forbidden', 'forbidden');
  expect(p.text()).toContain('只有联络站工作人员和管理员可以登录管理后台');
  expect(buttons(p)).toEqual([]);
});

test('not found (404): says the code may have lapsed and to scan a fresh one', async () => {
  server.on('GET', PATH, notFound);
  const p = await open();
  expect(p.instance.data.state).toBe('not_found');
  expect(p.text()).toContain('没有找到这个登录请求');
  expect(p.text()).toContain('请在电脑上刷新登录页面，再用微信扫一扫新的二维码');
  expect(approveButton(p)).toBeFalsy();
  await p.tap('.cl-ok');
  expect(w.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
});

test('no network while loading: says so with 重试, which loads it', async () => {
  server.down = true;
  const p = await open();
  expect(p.instance.data.state).toBe('error');
  expect(p.text()).toContain('网络连接不上');
  expect(approveButton(p)).toBeFalsy();
  server.down = false;
  server.on('GET', PATH, { body: login() });
  await p.tap('.state__retry');
  await waitFor(() => p.instance.data.state === 'pending', 'pending after 重试');
  expect(p.text()).toContain('203.0.113.9');
});

test('no network while approving: the request stays, with the failure, and a second tap approves', async () => {
  server.on('GET', PATH, { body: login() });
  server.on('POST', APPROVE, (_c, n) => (n === 1 ? { fail: true } : { body: { status: 'approved' } }));
  const p = await open();
  await p.tap('.cl-approve');
  await waitFor(() => p.instance.data.error, 'the failure');
  expect(server.callsTo('POST', APPROVE)).toHaveLength(1); // a POST is not repeated by itself
  expect(p.text()).toContain('确认没有成功：网络连接不上');
  expect(approveButton(p)).toBeTruthy();
  await p.tap('.cl-approve');
  await waitFor(() => p.instance.data.state === 'approved', 'approved');
  expect(server.callsTo('POST', APPROVE)).toHaveLength(2);
});

test('opened without a request id: how to get there, and no call at all', async () => {
  const p = render('console-login');
  p.instance.onLoad({});
  await waitFor(() => p.instance.data.state === 'no_id', 'no id');
  expect(p.text()).toContain('请在电脑的浏览器里打开管理后台');
  expect(p.text()).toContain('http://liaison.test/console/');
  expect(server.calls).toHaveLength(0);
});
