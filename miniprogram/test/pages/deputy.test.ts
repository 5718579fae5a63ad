// The deputies' pages: bind by phone, my activities and RSVP, check-in, the performance file.
import { fastConfig, FakeServer, flush, installWx, meta, render, Rendered, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';
import { forgetMe } from '../../src/api/me';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;
const g = () => (global as any).wx;

beforeEach(() => {
  fastConfig();
  forgetMeta();
  forgetMe();
  server.reset();
  w = installWx(server);
});

// ---- bind ----

describe('bind by phone', () => {
  function bind(): Rendered {
    const p = render('deputy/bind/index');
    p.instance.onLoad({});
    return p;
  }

  test('the phone button’s code is sent and the deputy is greeted by name', async () => {
    server.on('POST', '/api/v1/auth/phone', { body: fx.deputyMe });
    const p = bind();
    p.$('.bind-phone').dispatchEvent('getphonenumber', { detail: { code: 'phone-code-1', errMsg: 'getPhoneNumber:ok' } });
    await waitFor(() => p.text().includes('绑定成功'), 'bound');
    expect(server.callsTo('POST', '/api/v1/auth/phone')[0].data).toEqual({ code: 'phone-code-1' });
    expect(p.text()).toContain('覃海燕代表，您好');
    await p.tap('.bind-next');
    expect(w.wx.redirectTo).toHaveBeenCalledWith({ url: '/deputy/activities/index' });
  });

  test('a number that is not a registered deputy: says plainly to ask the station staff', async () => {
    server.on('POST', '/api/v1/auth/phone', { status: 404, body: { error: { code: 'deputy_not_found', message: '该手机号未登记为代表，请联系联络站工作人员' } } });
    const p = bind();
    p.$('.bind-phone').dispatchEvent('getphonenumber', { detail: { code: 'c' } });
    await waitFor(() => p.$('.bind-unknown'), 'not registered');
    expect(p.text()).toContain('这个手机号没有登记为人大代表');
    expect(p.text()).toContain('请联系您所在联络站的工作人员');
  });

  test('refusing the phone number sends nothing and explains how to try again', async () => {
    const p = bind();
    p.$('.bind-phone').dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } });
    await waitFor(() => p.$('.bind-error'), 'error');
    expect(p.text()).toContain('您没有同意使用手机号');
    expect(server.callsTo('POST', '/api/v1/auth/phone')).toHaveLength(0);
  });

  test('a deputy already bound to another WeChat (409) is told how to move it', async () => {
    server.on('POST', '/api/v1/auth/phone', { status: 409, body: { error: { code: 'deputy_bound', message: '已绑定' } } });
    const p = bind();
    p.$('.bind-phone').dispatchEvent('getphonenumber', { detail: { code: 'c' } });
    await waitFor(() => p.$('.bind-error'), 'error');
    expect(p.text()).toContain('已经绑定了另一个微信');
  });
});

// ---- my activities ----

describe('my activities', () => {
  const soon = () => fx.myActivity({ id: 22, title: '集中学习', kind_name: '集中学习', start_at: fx.inMinutes(30), end_at: fx.inMinutes(150) });
  const past = fx.myActivity({ id: 20, title: '走访群众', kind_name: '集中走访群众', start_at: '2026-11-03T09:30:00+08:00', end_at: '2026-11-03T11:30:00+08:00', rsvp: 'attend', checked_in_at: '2026-11-03T09:20:00+08:00' });

  async function list(items: unknown[]): Promise<Rendered> {
    server.on('GET', '/api/v1/me/activities', { body: { items, next_cursor: '' } });
    const p = render('deputy/activities/index');
    p.instance.onLoad({});
    await waitFor(() => !p.instance.data.loading && (p.instance.data.upcoming.length || p.instance.data.past.length || p.instance.data.error || p.instance.data.notDeputy), 'list');
    return p;
  }

  test('upcoming and past, with kind, time, venue, who invited and my answer', async () => {
    const p = await list([fx.myActivity(), past]);
    const t = p.text();
    expect(t).toContain('即将开始');
    expect(t).toContain('代表接待日');
    expect(t).toContain('12月3日（星期四） 09:30–11:30');
    expect(t).toContain('民生街道办事处二楼');
    expect(t).toContain('邀请方：兴宁区民生街道人大代表联络站');
    expect(t).toContain('我的答复：还没有答复');
    expect(t).toContain('已经过去的');
    expect(t).toContain('走访群众');
    expect(t).toContain('已签到（9:20）');
  });

  test('the venue opens on the map', async () => {
    const p = await list([fx.myActivity()]);
    await p.tap('.act-map');
    expect(w.wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ latitude: 22.81735, longitude: 108.31899, address: '民生街道办事处二楼' }));
  });

  test('attend: asks for the activity notices inside the tap, then answers', async () => {
    server.on('GET', '/api/v1/meta', { body: meta({ activity_notice: 'TPL-ACT', activity_reminder: 'TPL-REM', activity_changed: '', message_reply: 'TPL-REPLY' }) });
    server.on('POST', '/api/v1/activities/21/rsvp', (c) => ({ body: fx.myActivity({ rsvp: c.data.answer }) }));
    const p = await list([fx.myActivity()]);
    await waitFor(() => p.instance.data.tmplIds.length === 2, 'meta');
    g().requestSubscribeMessage = jest.fn((o: any) => setTimeout(() => o.success({ 'TPL-ACT': 'accept', 'TPL-REM': 'reject' }), 0));
    await p.tap('.act-attend');
    expect(g().requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['TPL-ACT', 'TPL-REM'] }));
    await waitFor(() => p.text().includes('我的答复：参加'), 'answered');
    expect(server.callsTo('POST', '/api/v1/activities/21/rsvp')[0].data).toEqual({ answer: 'attend' });
    await waitFor(() => server.callsTo('POST', '/api/v1/me/subscriptions').length === 1, 'grants');
    expect(server.callsTo('POST', '/api/v1/me/subscriptions')[0].data).toEqual({ accepted: ['TPL-ACT'] });
    expect(p.text()).toContain('已告诉联络站：您参加');
  });

  test('leave needs a reason; with one it is sent', async () => {
    server.on('POST', '/api/v1/activities/21/rsvp', (c) => ({ body: fx.myActivity({ rsvp: c.data.answer, rsvp_reason: c.data.reason }) }));
    const p = await list([fx.myActivity()]);
    await p.tap('.act-leave');
    await p.tap('.act-leave-submit');
    await waitFor(() => p.$('.act-reason-error'), 'reason needed');
    expect(server.callsTo('POST', '/api/v1/activities/21/rsvp')).toHaveLength(0);
    p.$('.act-reason').dispatchEvent('input', { detail: { value: '在卫生室值班' } });
    await flush();
    await p.tap('.act-leave-submit');
    await waitFor(() => p.text().includes('请假（在卫生室值班）'), 'leave');
    expect(server.callsTo('POST', '/api/v1/activities/21/rsvp')[0].data).toEqual({ answer: 'leave', reason: '在卫生室值班' });
  });

  test('an answer too late (409) says so in words', async () => {
    server.on('POST', '/api/v1/activities/21/rsvp', { status: 409, body: { error: { code: 'rsvp_closed', message: 'closed' } } });
    const p = await list([fx.myActivity()]);
    await p.tap('.act-attend');
    await waitFor(() => p.$('.act-error'), 'error');
    expect(p.text()).toContain('不能再改答复了');
  });

  test('an activity whose check-in is open offers 去扫码签到', async () => {
    const p = await list([soon()]);
    await p.tap('.act-checkin');
    expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/deputy/checkin/index?id=22' });
  });

  test('a cancelled activity shows the reason and no answer buttons', async () => {
    const p = await list([fx.myActivity({ status: 'cancelled', cancel_reason: '台风停课' })]);
    expect(p.text()).toContain('活动已取消：台风停课');
    expect(p.$('.act-attend')).toBeFalsy();
  });

  test('not yet a deputy (403): offers to bind the phone', async () => {
    server.on('GET', '/api/v1/me/activities', { status: 403, body: { error: { code: 'forbidden', message: '需要代表身份' } } });
    const p = render('deputy/activities/index');
    p.instance.onLoad({});
    await waitFor(() => p.$('.acts-bind'), 'bind offer');
    await p.tap('.acts-bind');
    expect(w.wx.redirectTo).toHaveBeenCalledWith({ url: '/deputy/bind/index?next=%2Fdeputy%2Factivities%2Findex' });
  });

  test('a network failure shows 重试, which loads again', async () => {
    server.on('GET', '/api/v1/me/activities', (_c, n) => (n <= 3 ? { fail: true } : { body: { items: [fx.myActivity()], next_cursor: '' } }));
    const p = render('deputy/activities/index');
    p.instance.onLoad({});
    await waitFor(() => p.text().includes('网络连接不上'), 'error');
    await p.tap('.state__retry');
    await waitFor(() => p.text().includes('代表接待日：倾听民生'), 'after retry');
  });
});

// ---- check-in ----

describe('check in', () => {
  const open = () => fx.myActivity({ start_at: fx.inMinutes(20), end_at: fx.inMinutes(140) });

  function scanGives(text: string) {
    g().scanCode = jest.fn((o: any) => setTimeout(() => o.success({ result: text, scanType: 'QR_CODE' }), 0));
  }
  function at(latitude: number, longitude: number) {
    g().getLocation = jest.fn((o: any) => setTimeout(() => o.success({ latitude, longitude, accuracy: 20 }), 0));
  }
  async function page(items: unknown[] = [open()]): Promise<Rendered> {
    server.on('GET', '/api/v1/me/activities', { body: { items, next_cursor: '' } });
    const p = render('deputy/checkin/index');
    p.instance.onLoad({ id: '21' });
    await waitFor(() => p.instance.data.activity, 'activity');
    return p;
  }
  async function scan(p: Rendered) {
    await p.tap('.checkin-scan');
    await waitFor(() => p.instance.data.result || p.instance.data.needSetting, 'result');
  }

  test('scan + location inside the radius: success shows the time', async () => {
    server.on('POST', '/api/v1/activities/21/checkin', { body: { activity_id: 21, deputy_id: 1, method: 'code', distance_m: 12, note: '', checked_in_at: fx.inMinutes(0).replace(/:\d\d\+/, ':00+') } });
    const p = await page();
    scanGives('liaison:checkin:21:UFGCVX4937');
    at(22.8174, 108.319);
    await scan(p);
    expect(p.$('.checkin-title').dom.textContent).toBe('签到成功');
    expect(p.$('.checkin-result').dom.textContent).toMatch(/^签到时间：\d{4}年\d+月\d+日 \d\d:\d\d$/);
    expect(server.callsTo('POST', '/api/v1/activities/21/checkin')[0].data).toEqual({ code: 'UFGCVX4937', latitude: 22.8174, longitude: 108.319 });
    expect(g().getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'gcj02' }));
  });

  test('checking in twice shows the first time', async () => {
    server.on('POST', '/api/v1/activities/21/checkin', { body: { activity_id: 21, deputy_id: 1, method: 'code', distance_m: 12, note: '', checked_in_at: fx.inMinutes(-30) } });
    const p = await page([open()]);
    scanGives('liaison:checkin:21:ABC');
    at(22.8174, 108.319);
    await scan(p);
    expect(p.$('.checkin-title').dom.textContent).toBe('您已经签过到了');
    expect(p.text()).toMatch(/您在 \d{4}年\d+月\d+日 \d\d:\d\d 已经签到，不用再签/);
  });

  test('outside the radius: the distance in kilometres and the radius', async () => {
    server.on('POST', '/api/v1/activities/21/checkin', { status: 403, body: { error: { code: 'outside_radius', message: '您距活动地点约 1820 米，超出签到范围（300 米）', fields: { distance_m: '1820', radius_m: '300' } } } });
    const p = await page();
    scanGives('liaison:checkin:21:ABC');
    at(22.8, 108.31);
    await scan(p);
    expect(p.text()).toContain('您距会场约 1.8 公里，超出签到范围（300 米）');
    expect(p.$('.checkin-scan').dom.textContent).toBe('再扫一次');
  });

  test('too early: says when check-in opens (an hour before the start)', async () => {
    const later = fx.myActivity({ start_at: '2099-12-03T09:30:00+08:00', end_at: '2099-12-03T11:30:00+08:00' });
    server.on('POST', '/api/v1/activities/21/checkin', { status: 403, body: { error: { code: 'checkin_window_closed', message: '不在签到时间内' } } });
    const p = await page([later]);
    scanGives('liaison:checkin:21:ABC');
    at(22.8174, 108.319);
    await scan(p);
    expect(p.text()).toContain('签到将于 12月3日（星期四） 8:30 开始');
  });

  test('too early: the refusal’s own opens_at is believed over the activity’s start', async () => {
    // the activity starts at 10:00 (an hour before: 9:00), the backend says check-in opens at 8:30
    const later = fx.myActivity({ start_at: '2099-12-03T10:00:00+08:00', end_at: '2099-12-03T11:30:00+08:00' });
    server.on('POST', '/api/v1/activities/21/checkin', { status: 403, body: { error: { code: 'checkin_window_closed', message: '不在签到时间内：签到时间为 12月3日 08:30 至 11:30', fields: { opens_at: '2099-12-03T08:30:00+08:00', closes_at: '2099-12-03T11:30:00+08:00' } } } });
    const p = await page([later]);
    scanGives('liaison:checkin:21:ABC');
    at(22.8174, 108.319);
    await scan(p);
    expect(p.$('.checkin-title').dom.textContent).toBe('现在不能签到');
    expect(p.text()).toContain('签到将于 12月3日（星期四） 8:30 开始（活动开始前 90 分钟）');
    expect(p.text()).not.toContain('9:00 开始');
  });

  test('a code that has rotated: asks to scan the screen again', async () => {
    server.on('POST', '/api/v1/activities/21/checkin', { status: 400, body: { error: { code: 'invalid_code', message: '签到码无效或已过期，请重新扫码' } } });
    const p = await page();
    scanGives('liaison:checkin:21:OLD');
    at(22.8174, 108.319);
    await scan(p);
    expect(p.text()).toContain('签到码已过期，请重新扫描会场屏幕上的二维码');
  });

  test('a QR that is not a check-in code is refused without calling the server', async () => {
    const p = await page();
    scanGives('https://example.com/s=1');
    await scan(p);
    expect(p.text()).toContain('这不是签到二维码');
    expect(server.callsTo('POST', '/api/v1/activities/21/checkin')).toHaveLength(0);
  });

  test('location never asked: explained first, then WeChat asks', async () => {
    g().getSetting = jest.fn((o: any) => setTimeout(() => o.success({ authSetting: {} }), 0));
    server.on('POST', '/api/v1/activities/21/checkin', { body: { activity_id: 21, deputy_id: 1, method: 'code', distance_m: 5, note: '', checked_in_at: fx.inMinutes(0) } });
    const p = await page();
    scanGives('liaison:checkin:21:ABC');
    at(22.8174, 108.319);
    await scan(p);
    expect(g().showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '签到需要您的位置' }));
    const modalOrder = (g().showModal as jest.Mock).mock.invocationCallOrder[0];
    expect(modalOrder).toBeLessThan((g().getLocation as jest.Mock).mock.invocationCallOrder[0]);
    expect(p.$('.checkin-title').dom.textContent).toBe('签到成功');
  });

  test('location refused before: says how to turn it on and opens the settings', async () => {
    g().getSetting = jest.fn((o: any) => setTimeout(() => o.success({ authSetting: { 'scope.userLocation': false } }), 0));
    g().openSetting = jest.fn((o: any) => setTimeout(() => o.success({ authSetting: { 'scope.userLocation': true } }), 0));
    const p = await page();
    await scan(p);
    expect(p.text()).toContain('没有位置权限，无法签到');
    expect(g().scanCode).not.toHaveBeenCalled();
    await p.tap('.checkin-open-setting');
    await waitFor(() => !p.instance.data.needSetting, 'setting on');
  });

  test('location refused in WeChat’s dialog: the same explanation', async () => {
    const p = await page();
    scanGives('liaison:checkin:21:ABC');
    g().getLocation = jest.fn((o: any) => setTimeout(() => o.fail({ errMsg: 'getLocation:fail auth deny' }), 0));
    await scan(p);
    expect(p.$('.checkin-setting')).toBeTruthy();
  });

  test('cancelling the scan does nothing', async () => {
    const p = await page();
    await p.tap('.checkin-scan');
    await waitFor(() => g().scanCode.mock.calls.length === 1, 'scan');
    await flush();
    await flush();
    expect(p.instance.data.step).toBe('idle');
    expect(p.instance.data.result).toBe(null);
  });
});

// ---- performance file ----

describe('performance file', () => {
  test('counts per kind and in all, the messages, and the year’s list', async () => {
    server.on('GET', '/api/v1/me/record', (c) => ({ body: { ...fx.record, year: Number(c.query.year) } }));
    server.on('GET', '/api/v1/me/activities', { body: { items: [fx.myActivity({ start_at: '2026-03-03T09:30:00+08:00', end_at: '2026-03-03T11:30:00+08:00', checked_in_at: '2026-03-03T09:25:00+08:00' })], next_cursor: '' } });
    const p = render('deputy/record/index');
    p.instance.onLoad({ year: '2026' });
    await waitFor(() => p.instance.data.total, 'record');
    expect(p.$('.record-invited').dom.textContent).toBe('6');
    expect(p.$('.record-attended').dom.textContent).toBe('4');
    expect(p.$('.record-absent').dom.textContent).toBe('1');
    expect(p.text()).toContain('交给我办理的群众留言 3 件，已答复 2 件');
    expect(p.text()).toContain('代表接待日');
    expect(p.text()).not.toContain('集中走访群众'); // nothing invited of that kind
    expect(p.text()).toContain('出席（9:25 签到）');
  });

  test('the year switch asks for the other year', async () => {
    server.on('GET', '/api/v1/me/record', (c) => ({ body: { ...fx.record, year: Number(c.query.year) } }));
    server.on('GET', '/api/v1/me/activities', { body: { items: [], next_cursor: '' } });
    const p = render('deputy/record/index');
    p.instance.onLoad({});
    await waitFor(() => p.instance.data.total, 'record');
    const y = p.instance.data.year;
    await p.tap('.record-prev');
    await waitFor(() => server.callsTo('GET', '/api/v1/me/record').some((c) => c.query.year === String(y - 1)), 'previous year');
    expect(p.$('.record-year').dom.textContent).toBe(`${y - 1}年`);
  });
});

describe('check in from the home page (no activity chosen)', () => {
  test('the activity comes from the scanned code', async () => {
    server.on('GET', '/api/v1/me/activities', { body: { items: [fx.myActivity({ id: 23, title: '民意征集会', start_at: fx.inMinutes(20), end_at: fx.inMinutes(140) })], next_cursor: '' } });
    server.on('POST', '/api/v1/activities/23/checkin', { body: { activity_id: 23, deputy_id: 1, method: 'code', distance_m: 8, note: '', checked_in_at: fx.inMinutes(0) } });
    const p = render('deputy/checkin/index');
    p.instance.onLoad({});
    expect(p.text()).toContain('怎样签到');
    g().scanCode = jest.fn((o: any) => setTimeout(() => o.success({ result: 'liaison:checkin:23:XYZ' }), 0));
    g().getLocation = jest.fn((o: any) => setTimeout(() => o.success({ latitude: 22.8174, longitude: 108.319 }), 0));
    await p.tap('.checkin-scan');
    await waitFor(() => p.instance.data.result, 'result');
    expect(p.instance.data.result.ok).toBe(true);
    expect(p.text()).toContain('民意征集会');
    expect(server.callsTo('POST', '/api/v1/activities/23/checkin')[0].data.code).toBe('XYZ');
  });

  test('no GPS fix: says to turn location on and try again', async () => {
    server.on('GET', '/api/v1/me/activities', { body: { items: [], next_cursor: '' } });
    const p = render('deputy/checkin/index');
    p.instance.onLoad({});
    g().scanCode = jest.fn((o: any) => setTimeout(() => o.success({ result: 'liaison:checkin:23:XYZ' }), 0));
    g().getLocation = jest.fn((o: any) => setTimeout(() => o.fail({ errMsg: 'getLocation:fail timeout' }), 0));
    await p.tap('.checkin-scan');
    await waitFor(() => p.instance.data.result, 'result');
    expect(p.text()).toContain('请打开手机的“定位”');
  });
});

describe('check-in page before scanning', () => {
  test('too early: says when check-in opens before the deputy scans', async () => {
    server.on('GET', '/api/v1/me/activities', { body: { items: [fx.myActivity()], next_cursor: '' } });
    const p = render('deputy/checkin/index');
    p.instance.onLoad({ id: '21' });
    await waitFor(() => p.$('.checkin-hint'), 'hint');
    expect(p.$('.checkin-hint').dom.textContent).toBe('签到将于 12月3日（星期四） 8:30 开始（活动开始前 1 小时）。');
  });

  test('already checked in: says so with the time', async () => {
    server.on('GET', '/api/v1/me/activities', { body: { items: [fx.myActivity({ start_at: fx.inMinutes(-30), end_at: fx.inMinutes(60), checked_in_at: '2026-12-02T09:05:00+08:00' })], next_cursor: '' } });
    const p = render('deputy/checkin/index');
    p.instance.onLoad({ id: '21' });
    await waitFor(() => p.$('.checkin-before'), 'before');
    expect(p.$('.checkin-before').dom.textContent).toBe('您已于 9:05 签到。');
    expect(p.$('.checkin-hint')).toBeFalsy();
  });
});
