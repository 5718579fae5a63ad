// The deputies' and the staff's journey against a real liaison-dev, through the real pages:
// staff redeem their invite → draft and publish an activity → the deputy binds the phone,
// sees the activity and answers → staff show the check-in code at the venue → the deputy
// scans it outside the radius (the distance is shown), then inside (checked in) → the staff's
// view shows them checked in. Then a message: staff accept and reply from the inbox, and the
// citizen's detail page shows the reply. The deputy's employer, on record with a landline,
// is listed to be phoned; a caller's message is entered by staff.
import { flush, render, Rendered, waitFor } from '../helpers';
import { as, api, httpCall } from './bridge';
import { DevServer, DevState } from './server';
import { config } from '../../src/config/index';
import { shanghaiDate, shanghaiTime } from '../../src/utils/duty';

const dev = new DevServer();
let state: DevState;
const run = Date.now().toString(36);
const staffId = `dev-e2e-staff-${run}`;
const deputyId = `dev-e2e-deputy-${run}`;
const citizenId = `dev-e2e-citizen-${run}`;
const title = `端到端集中学习 ${run}`;
const g = () => (global as any).wx;

// what the journey learns as it goes
let activityId = 0;
let station = { latitude: 0, longitude: 0 };
let code = '';

beforeAll(async () => {
  state = await dev.start();
  config.baseUrl = state.base_url;
  config.retryDelayMs = 50;
}, 15 * 60 * 1000);

afterAll(async () => {
  await dev.stop();
});


test('staff redeem their invite in the mini program and get the staff entries', async () => {
  as(staffId);
  const p = render('redeem');
  p.instance.onLoad({});
  p.$('.redeem-input').dispatchEvent('input', { detail: { value: state.staff_invite } });
  await flush();
  await p.tap('.redeem-submit');
  await waitFor(() => p.instance.data.done || p.instance.data.error, 'redeemed', 15000);
  expect(p.instance.data.error).toBe('');
  expect(p.text()).toContain('联络站工作');

  const home = render('index');
  home.instance.onLoad({});
  await waitFor(() => home.$('.home-staff'), 'staff entries', 15000);
});

test('staff sign the office computer in to the console by scanning its code', async () => {
  // The computer's browser opens the console's sign-in page and keeps its cookie.
  const page = await httpCall('GET', state.base_url + '/console/login');
  expect(page.status).toBe(200);
  const cookie = /liaison_console_login=([^;]+)/.exec(page.headers['set-cookie'] || '');
  expect(cookie).not.toBeNull();
  const id = cookie![1].split('.')[0];
  expect(String(page.body)).toContain('请用微信扫码登录');
  const browser = { Cookie: `liaison_console_login=${cookie![1]}` };

  // Someone with no role scans it: refused, and the computer is still waiting.
  as(`dev-e2e-nobody-${run}`);
  const refused = render('console-login');
  refused.instance.onLoad({ scene: encodeURIComponent(`l=${id}`) });
  await waitFor(() => refused.instance.data.state === 'forbidden', 'refused', 15000);
  expect((await httpCall('GET', state.base_url + '/console/login/status', undefined, browser)).body.status).toBe('pending');

  // The staff member scans it, sees where it was asked from, and approves.
  as(staffId);
  const p = render('console-login');
  p.instance.onLoad({ scene: encodeURIComponent(`l=${id}`) });
  await waitFor(() => p.instance.data.state === 'pending', 'the request', 15000);
  expect(p.text()).toContain('127.0.0.1');
  await p.tap('.cl-approve');
  await waitFor(() => p.instance.data.state === 'approved', 'approved', 15000);

  // The computer's next poll is signed in; the console's home page opens.
  const status = await httpCall('GET', state.base_url + '/console/login/status', undefined, browser);
  expect(status.body.status).toBe('approved');
  const session = /liaison_console=([^;]+)/.exec(status.headers['set-cookie'] || '');
  expect(session).not.toBeNull();
  const home = await httpCall('GET', state.base_url + '/console/', undefined, { Cookie: `liaison_console=${session![1]}` });
  expect(home.status).toBe(200);
  expect(String(home.body)).toContain('工作台');
});

test('staff draft an activity for a deputy, starting in a few minutes at the station', async () => {
  as(staffId);
  const card = await api(state.base_url, 'GET', `/api/v1/stations/${state.station_id}`);
  station = { latitude: card.body.latitude, longitude: card.body.longitude };
  const p = render('staff/activity-edit/index');
  p.instance.onLoad({ station_id: String(state.station_id) });
  await waitFor(() => !p.instance.data.loading && p.instance.data.deputies.length, 'editor', 15000);
  expect(p.instance.data.loadError).toBe('');
  expect(p.instance.data.latitude).toBeCloseTo(station.latitude, 5);

  const startMs = Date.now() + 10 * 60000;
  const start = shanghaiTime(startMs);
  const endMs = startMs + 2 * 3600000;
  const end = shanghaiDate(endMs) === shanghaiDate(startMs) ? shanghaiTime(endMs) : '23:59';
  const kinds = p.instance.data.kinds as { code: string }[];
  p.$('.edit-kind').dispatchEvent('change', { detail: { value: kinds.findIndex((k) => k.code === 'study') } });
  p.$('.edit-title').dispatchEvent('input', { detail: { value: title } });
  p.$('.edit-date').dispatchEvent('change', { detail: { value: shanghaiDate(startMs) } });
  p.$('.edit-start').dispatchEvent('change', { detail: { value: start } });
  p.$('.edit-end').dispatchEvent('change', { detail: { value: end } });
  await flush();
  await p.tap('.mode-deputies');
  const deputies = p.instance.data.deputies as { id: number; name: string }[];
  const qin = deputies.find((d) => d.name === '覃海燕')!;
  await p.tap(`.pick-deputy-${qin.id}`);
  await p.tap('.edit-save');
  await waitFor(() => g().redirectTo.mock.calls.length || p.instance.data.saveError, 'saved', 15000);
  expect(p.instance.data.saveError).toBe('');
  const url = g().redirectTo.mock.calls[0][0].url as string;
  activityId = Number(/id=(\d+)/.exec(url)![1]);
  expect(activityId).toBeGreaterThan(0);
});

test('staff publish it, confirmed with how many deputies will be told', async () => {
  as(staffId);
  const p = render('staff/activity/index');
  p.instance.onLoad({ id: String(activityId) });
  await waitFor(() => p.instance.data.a, 'activity', 15000);
  expect(p.text()).toContain(title);
  expect(p.text()).toContain('草稿（未发布）');
  await p.tap('.sact-publish');
  await waitFor(() => p.instance.data.done || p.instance.data.actionError, 'published', 15000);
  expect(p.instance.data.actionError).toBe('');
  expect(g().showModal.mock.calls[0][0].content).toMatch(/^将通知 1 位代表和 1 家代表工作单位。/);
  await waitFor(() => p.instance.data.a.status === 'published', 'status published', 15000);

  const list = render('staff/activities/index');
  list.instance.onLoad({});
  await waitFor(() => list.text().includes(title), 'in the list', 15000);
});

test('staff move the start five minutes later: confirmed with who will be told, saved', async () => {
  as(staffId);
  const p = render('staff/activity-edit/index');
  p.instance.onLoad({ id: String(activityId) });
  await waitFor(() => !p.instance.data.loading, 'editor', 15000);
  expect(p.instance.data.loadError).toBe('');
  expect(p.instance.data.status).toBe('published');
  const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
  const [h, m] = (p.instance.data.start as string).split(':').map(Number);
  const later = hhmm(h * 60 + m + 5);
  if (later < (p.instance.data.end as string)) {
    p.$('.edit-start').dispatchEvent('change', { detail: { value: later } });
    await flush();
  }
  await p.tap('.edit-save');
  await waitFor(() => g().navigateBack.mock.calls.length || p.instance.data.saveError, 'saved', 15000);
  expect(p.instance.data.saveError).toBe('');
  expect(g().showModal.mock.calls[0][0].content).toBe('修改后将通知 1 位代表和 1 家代表工作单位。确定修改吗？');
});

test('the deputy binds the phone, sees the activity and answers 参加 (with notices asked in the tap)', async () => {
  as(deputyId);
  const bind = render('deputy/bind/index');
  bind.instance.onLoad({});
  bind.$('.bind-phone').dispatchEvent('getphonenumber', { detail: { code: 'dev-13800138001' } });
  await waitFor(() => bind.instance.data.name || bind.instance.data.error || bind.instance.data.notRegistered, 'bound', 15000);
  expect(bind.instance.data.error).toBe('');
  expect(bind.text()).toContain('覃海燕代表，您好');

  g().requestSubscribeMessage = jest.fn((o: any) => setTimeout(() => o.success(Object.fromEntries(o.tmplIds.map((id: string) => [id, 'accept']))), 0));
  const p = render('deputy/activities/index');
  p.instance.onLoad({});
  await waitFor(() => p.text().includes(title), 'activity listed', 15000);
  await waitFor(() => p.instance.data.tmplIds.length > 0, 'templates', 15000);
  await p.tap(`.act-${activityId} .act-attend`);
  expect(g().requestSubscribeMessage).toHaveBeenCalled();
  await waitFor(() => p.instance.data.saved[activityId] || p.instance.data.rowError[activityId], 'answered', 15000);
  expect(p.instance.data.rowError[activityId] || '').toBe('');
  expect(p.instance.data.upcoming.find((i: any) => i.id === activityId).answer).toBe('参加');
});

test('staff show the rotating code at the venue', async () => {
  as(staffId);
  const p: Rendered = render('staff/venue/index');
  p.instance.onLoad({ id: String(activityId) });
  try {
    await waitFor(() => p.instance.data.code || p.instance.data.error, 'code', 15000);
    expect(p.instance.data.error).toBe('');
    expect(p.instance.data.png).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(g().setKeepScreenOn).toHaveBeenCalledWith({ keepScreenOn: true });
    code = p.instance.data.code;
    await waitFor(() => p.instance.data.invited === 1, 'count', 15000);
  } finally {
    p.instance.onUnload();
  }
});

async function checkInAt(latitude: number, longitude: number): Promise<Rendered> {
  as(deputyId);
  g().scanCode = jest.fn((o: any) => setTimeout(() => o.success({ result: `liaison:checkin:${activityId}:${code}` }), 0));
  g().getLocation = jest.fn((o: any) => setTimeout(() => o.success({ latitude, longitude, accuracy: 15 }), 0));
  const p = render('deputy/checkin/index');
  p.instance.onLoad({ id: String(activityId) });
  await waitFor(() => p.instance.data.activity, 'activity', 15000);
  await p.tap('.checkin-scan');
  await waitFor(() => p.instance.data.result, 'result', 15000);
  return p;
}

test('a check-in outside the radius shows the distance', async () => {
  const p = await checkInAt(station.latitude - 0.018, station.longitude); // about 2 km south
  expect(p.instance.data.result.ok).toBe(false);
  expect(p.$('.checkin-result').dom.textContent).toMatch(/^您距会场约 \d\.\d 公里，超出签到范围（300 米）/);
});

test('the deputy checks in with that code inside the radius; twice shows the first time', async () => {
  const p = await checkInAt(station.latitude + 0.0004, station.longitude + 0.0003);
  expect(p.instance.data.result).toMatchObject({ ok: true, again: false, title: '签到成功' });
  expect(p.$('.checkin-result').dom.textContent).toMatch(/^签到时间：\d{4}年\d+月\d+日 \d\d:\d\d$/);
  const first = p.$('.checkin-result').dom.textContent.replace('签到时间：', '');
  const again = await checkInAt(station.latitude, station.longitude);
  expect(again.instance.data.result).toMatchObject({ ok: true, again: true });
  expect(again.text()).toContain(`您在 ${first} 已经签到`);
});

test('the staff view shows them checked in', async () => {
  as(staffId);
  const p = render('staff/activity/index');
  p.instance.onLoad({ id: String(activityId) });
  await waitFor(() => p.instance.data.rows.length, 'invitees', 15000);
  expect(p.instance.data.counts.checked_in).toBe(1);
  expect(p.text()).toMatch(/已签到：\d{1,2}:\d\d 扫码签到，距会场 \d+ 米/);
  expect(p.text()).toContain('参加');

  // 覃海燕's employer is on record with a landline: no SMS, staff are asked to phone it
  const deadline = Date.now() + 15000;
  while (!p.instance.data.unreached.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    await p.instance.load(true);
  }
  expect(p.text()).toContain('需电话通知的单位');
  // listed from the detail's own employer fields (to_phone), not from a lookup of the station's deputies
  const raw = (p.instance as any).raw.invitee_status.find((i: any) => i.name === '覃海燕');
  expect(raw.employer).toMatchObject({ name: '广西壮族自治区人民医院', contact_name: '李娟', contact_phone: '0771-5551234', contact_phone_kind: 'landline', to_phone: true });
  expect(p.instance.data.unreached[0]).toMatchObject({ deputy: '覃海燕', employer: '广西壮族自治区人民医院', contact: '李娟', phone: '0771-5551234', phoneKind: '座机', reason: '座机无法接收短信，请电话通知' });
  expect(p.text()).toContain('座机 0771-5551234');
  await p.tap('.unreached-call');
  expect(g().makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0771-5551234' });
});

test('staff reply to a message from the inbox and the citizen’s detail page shows it', async () => {
  const content = `村卫生室门口的路灯不亮，晚上看病不方便（端到端 ${run}）`;
  // signed in as the mini program signs in (wx.login code → /auth/wechat), so the page below is the author's
  const citizen = await api(state.base_url, 'POST', '/api/v1/auth/wechat', { code: citizenId });
  const created = await api(state.base_url, 'POST', `/api/v1/stations/${state.station_id}/messages`, { category: 'urban_rural', content, image_ids: [], name: '', phone: '', anonymous: false, publish: false }, citizen.body.token);
  expect(created.status).toBe(201);
  const messageCode = created.body.code as string;

  as(staffId);
  const inbox = render('staff/inbox/index');
  inbox.instance.onLoad({});
  await waitFor(() => inbox.text().includes(messageCode), 'in the inbox', 15000);
  await inbox.tap(`.inbox-item-${created.body.id}`);
  expect(g().navigateTo).toHaveBeenCalledWith({ url: `/staff/message/index?id=${created.body.id}` });

  const m = render('staff/message/index');
  m.instance.onLoad({ id: String(created.body.id) });
  await waitFor(() => m.instance.data.m, 'message', 15000);
  expect(m.text()).toContain(content);
  await m.tap('.act-accept');
  await m.tap('.action-submit');
  await waitFor(() => m.instance.data.m.status === 'accepted' || m.instance.data.actionError, 'accepted', 15000);
  expect(m.instance.data.actionError).toBe('');
  await m.tap('.act-reply');
  m.$('.action-text').dispatchEvent('input', { detail: { value: '已请街道电工明天修好卫生室门口的路灯。' } });
  await flush();
  await m.tap('.action-submit');
  await waitFor(() => m.instance.data.m.status === 'replied' || m.instance.data.actionError, 'replied', 15000);
  expect(m.instance.data.actionError).toBe('');

  // doing it again from a stale page: a 409, explained
  m.instance.setData({ action: 'accept' });
  await m.tap('.action-submit');
  await waitFor(() => m.instance.data.actionError, '409', 15000);
  expect(m.instance.data.actionError).toContain('这条留言的状态刚刚变了');

  // a caller's message entered by staff, with the caller's consent
  const walkIn = render('staff/walk-in/index');
  walkIn.instance.onLoad({});
  await waitFor(() => walkIn.instance.data.categories.length, 'walk-in form', 15000);
  await walkIn.tap('.cat-health');
  walkIn.$('.walkin-content').dispatchEvent('input', { detail: { value: '卫生室的药品种类太少，慢性病老人要跑到镇上拿药（来电代录）' } });
  walkIn.$('.walkin-name').dispatchEvent('input', { detail: { value: '蒙大爷' } });
  walkIn.$('.walkin-phone').dispatchEvent('input', { detail: { value: '13800130077' } });
  await flush();
  await walkIn.tap('.walkin-consent');
  await walkIn.tap('.walkin-submit');
  await waitFor(() => walkIn.instance.data.done || walkIn.instance.data.sendError, 'walk-in sent', 15000);
  expect(walkIn.instance.data.sendError).toBe('');
  expect(walkIn.instance.data.done.code).toMatch(/^[A-Z]{2}\d{4}-[A-Z0-9]{4}$/);

  as(citizenId);
  const d = render('message');
  d.instance.onLoad({ id: String(created.body.id) });
  await waitFor(() => d.text().includes('已请街道电工明天修好卫生室门口的路灯。'), 'reply shown', 15000);
  expect(d.text()).toContain('已答复，请您评价');
});
