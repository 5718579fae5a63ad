// The home shows what the signed-in person's roles allow; the invite page adds a role.
import { fastConfig, FakeServer, flush, installWx, render, Rendered, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMe } from '../../src/api/me';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

beforeEach(() => {
  fastConfig();
  forgetMe();
  server.reset();
  w = installWx(server);
});

function signedIn() {
  w.storage.set('liaison.session', { token: 'tok', expires_at: '2099-01-01T00:00:00+08:00', user: { id: 1, roles: [] } });
}

async function home(): Promise<Rendered> {
  const p = render('index');
  p.instance.onLoad({});
  await flush();
  return p;
}

test('a visitor who never signed in: the public home, no sign-in, links to bind and redeem', async () => {
  const p = await home();
  await flush();
  expect(server.calls).toHaveLength(0);
  expect(p.$('.home-deputy')).toBeFalsy();
  expect(p.$('.home-staff')).toBeFalsy();
  await p.tap('.home-bind');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/deputy/bind/index' });
  await p.tap('.home-redeem');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/redeem/index' });
});

test('a deputy sees check-in, activities and the performance file', async () => {
  signedIn();
  server.on('GET', '/api/v1/me', { body: fx.deputyMe });
  const p = await home();
  await waitFor(() => p.$('.home-deputy'), 'deputy entries');
  expect(p.text()).toContain('代表履职（覃海燕）');
  expect(p.$('.home-staff')).toBeFalsy();
  expect(p.$('.home-bind')).toBeFalsy();
  await p.tap('.home-checkin');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/deputy/checkin/index' });
  await p.tap('.home-record');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/deputy/record/index' });
});

test('staff see the inbox, activities, compliance and walk-in entries', async () => {
  signedIn();
  server.on('GET', '/api/v1/me', { body: fx.staffMe });
  const p = await home();
  await waitFor(() => p.$('.home-staff'), 'staff entries');
  expect(p.$('.home-deputy')).toBeFalsy();
  await p.tap('.home-inbox');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/inbox/index' });
  await p.tap('.home-staff-activities');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/activities/index' });
  await p.tap('.home-compliance');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/compliance/index' });
});

test('staff are told that desk work is in the computer console, at the backend\'s address', async () => {
  signedIn();
  server.on('GET', '/api/v1/me', { body: fx.staffMe });
  const p = await home();
  await waitFor(() => p.$('.home-staff'), 'staff entries');
  const t = p.text();
  expect(t).toContain('导入代表名单、打印联络站二维码、导出表格和统计，请在电脑上打开管理后台');
  expect(p.$('.home-console-address').dom.textContent).toBe('http://liaison.test/console/');
  expect(t).toContain('扫一扫');
});

test('the console is not mentioned to deputies or the public', async () => {
  signedIn();
  server.on('GET', '/api/v1/me', { body: fx.deputyMe });
  const p = await home();
  await waitFor(() => p.$('.home-deputy'), 'deputy entries');
  expect(p.$('.home-console')).toBeFalsy();
  expect(p.text()).not.toContain('/console/');
});

test('a member of the public who left a message: no role entries', async () => {
  signedIn();
  server.on('GET', '/api/v1/me', { body: { id: 1, roles: [], deputy: null } });
  const p = await home();
  await waitFor(() => server.callsTo('GET', '/api/v1/me').length === 1, 'me');
  await flush();
  expect(p.$('.home-deputy')).toBeFalsy();
  expect(p.$('.home-staff')).toBeFalsy();
  expect(p.$('.home-roles-error')).toBeFalsy();
});

describe('redeem an invite', () => {
  function page(): Rendered {
    const p = render('redeem');
    p.instance.onLoad({});
    return p;
  }

  test('a code typed in lower case with spaces is tidied, sent, and the new role explained', async () => {
    server.on('POST', '/api/v1/auth/redeem', { body: fx.staffMe });
    const p = page();
    p.$('.redeem-input').dispatchEvent('input', { detail: { value: ' a2q5 r2tu jf8m ' } });
    await flush();
    await p.tap('.redeem-submit');
    await waitFor(() => p.$('.redeem-done'), 'done');
    expect(server.callsTo('POST', '/api/v1/auth/redeem')[0].data).toEqual({ invite_code: 'A2Q5-R2TU-JF8M' });
    expect(p.text()).toContain('联络站工作');
    await p.tap('.redeem-home');
    expect(w.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });

  test('an unknown code (404) and a used one (409) are told apart', async () => {
    server.on('POST', '/api/v1/auth/redeem', (_c, n) => (n === 1 ? { status: 404, body: { error: { code: 'invite_not_found', message: '邀请码不存在' } } } : { status: 409, body: { error: { code: 'invite_used', message: '邀请码已使用' } } }));
    const p = page();
    p.$('.redeem-input').dispatchEvent('input', { detail: { value: 'K7QM3XRT9HPA' } });
    await flush();
    await p.tap('.redeem-submit');
    await waitFor(() => p.$('.redeem-error'), 'error');
    expect(p.text()).toContain('没有这个邀请码');
    await p.tap('.redeem-submit');
    await waitFor(() => p.text().includes('已经用过或已过期'), '409');
  });

  test('an empty code is not sent', async () => {
    const p = page();
    await p.tap('.redeem-submit');
    await waitFor(() => p.$('.redeem-error'), 'error');
    expect(server.callsTo('POST', '/api/v1/auth/redeem')).toHaveLength(0);
  });
});

test('a staff member who is also a deputy sees both cards', async () => {
  signedIn();
  server.on('GET', '/api/v1/me', { body: { ...fx.deputyMe, roles: [...fx.deputyMe.roles, { role: 'staff', station_ids: [12] }] } });
  const p = await home();
  await waitFor(() => p.$('.home-deputy') && p.$('.home-staff'), 'both');
});

test('the roles cannot be fetched: the public home still works, and says so to someone who had a role', async () => {
  signedIn();
  server.on('GET', '/api/v1/me', (_c, n) => (n === 1 ? { body: fx.staffMe } : { status: 503, body: {} }));
  const p = await home();
  await waitFor(() => p.$('.home-staff'), 'staff');
  await p.instance.loadRoles();
  await waitFor(() => p.$('.home-roles-error'), 'error note');
  expect(p.$('.station-finder')).toBeTruthy();
});
