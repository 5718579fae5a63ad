// 代表码 end to end, against a real liaison-dev, through the real pages: dev mode keeps the demo
// deputies' codes (made locally, naming the page and the scene d=<id>); a person scans one and
// the deputy's page opens; they write to the deputy and get a tracking code; the deputy signs
// in (binds the phone), finds the letter in 群众来信 waiting for them and answers it; the
// person's own page shows the answer. Then a second letter that the deputy hands to the
// station's staff with a note: the staff reply, and the deputy's page shows what happened
// after, as does the person's.
import { as, signInAsDeputy, api } from './bridge';
import { flush, render, Rendered, waitFor } from '../helpers';
import { DevServer, DevState } from './server';
import { config } from '../../src/config/index';

const dev = new DevServer();
let state: DevState;
const run = Date.now().toString(36);
const citizenId = `dev-e2e-citizen-${run}`;
const deputyUser = `dev-e2e-deputy-${run}`;
const staffId = `dev-e2e-staff-${run}`;
const letter = `小区门口的公交站没有遮雨棚，下雨天老人等车淋雨（代表码 ${run}）`;
const answer = '我已到公交站看过，已请公交公司下月装上遮雨棚。';
const g = () => (global as any).wx;

let deputy = { id: 0, name: '', phone: '' };
let stationName = '';
let letterId = 0;
let letterCode = '';

beforeAll(async () => {
  state = await dev.start();
  config.baseUrl = state.base_url;
  config.retryDelayMs = 50;
  // not the convenor (whose invite the state file hands out): any demo deputy signs in by phone
  deputy = state.deputies.find((d) => d.name === '黄秀兰')!;
  stationName = (await api(state.base_url, 'GET', `/api/v1/stations/${state.station_id}`)).body.name;
}, 15 * 60 * 1000);

afterAll(async () => {
  await dev.stop();
});


async function staffToken(): Promise<string> {
  const signIn = await api(state.base_url, 'POST', '/api/v1/auth/dev', { openid: staffId });
  expect(signIn.status).toBe(200);
  const token = signIn.body.token as string;
  const me = await api(state.base_url, 'GET', '/api/v1/me', undefined, token);
  if (!JSON.stringify(me.body.roles || []).includes('staff')) {
    expect((await api(state.base_url, 'POST', '/api/v1/auth/redeem', { invite_code: state.staff_invite }, token)).status).toBe(200);
  }
  return token;
}

test('dev mode keeps each demo deputy’s code: staff get it as an image, no 503', async () => {
  expect(state.deputies.length).toBeGreaterThan(1);
  expect(deputy.id).toBeGreaterThan(0);
  const staff = await staffToken();
  for (const d of state.deputies) {
    const code = await api(state.base_url, 'GET', `/api/v1/admin/deputies/${d.id}/qrcode`, undefined, staff);
    expect(code.status).toBe(200);
    expect(code.headers['content-type']).toBe('image/png');
    expect(code.raw.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  }
  // not for the public
  const citizen = await api(state.base_url, 'POST', '/api/v1/auth/dev', { openid: citizenId });
  expect((await api(state.base_url, 'GET', `/api/v1/admin/deputies/${deputy.id}/qrcode`, undefined, citizen.body.token)).status).toBe(403);
});

test('a person scans the deputy’s code: the page shows the deputy and their station, and 给代表留言 opens the form to them', async () => {
  as(citizenId);
  const p = render('deputy');
  p.instance.onLoad({ scene: encodeURIComponent(`d=${deputy.id}`) });
  await waitFor(() => p.instance.data.deputy || p.instance.data.error, 'deputy', 15000);
  expect(p.instance.data.error).toBe('');
  expect(p.$('.deputy-name').dom.textContent).toBe(deputy.name);
  expect(p.text()).toContain('市人大代表');
  expect(p.text()).toContain(stationName);
  expect(p.text()).not.toContain(deputy.phone);
  await p.tap('.deputy-write');
  expect(g().navigateTo).toHaveBeenCalledWith({ url: `/pages/message-form/index?deputy_id=${deputy.id}` });
});

test('they write to the deputy and get a tracking code', async () => {
  as(citizenId);
  const p: Rendered = render('message-form');
  p.instance.onLoad({ deputy_id: String(deputy.id) });
  await waitFor(() => p.instance.data.ready, 'form', 15000);
  expect(p.text()).toContain(`给${deputy.name}代表留言`);
  await p.tap('.cat-transport');
  p.$('.content-input').dispatchEvent('input', { detail: { value: letter } });
  await p.tap('.consent');
  await flush();
  await p.tap('.submit');
  await waitFor(() => p.instance.data.done || p.instance.data.submitError, 'submitted', 15000);
  expect(p.instance.data.submitError).toBe('');
  letterId = p.instance.data.done.id;
  letterCode = p.instance.data.done.code;
  expect(letterCode).toMatch(/^[A-Z]{2}\d{4}-[A-Z0-9]{4}$/);
  expect(p.text()).toContain(`留言已送给${deputy.name}代表`);
});


test('the deputy signs in with their phone and finds the letter in 群众来信, written to them and waiting', async () => {
  expect(letterId).toBeGreaterThan(0);
  await signInAsDeputy(deputyUser, deputy);
  const inbox = render('deputy/inbox/index');
  inbox.instance.onLoad({});
  await waitFor(() => inbox.instance.data.items.length || inbox.instance.data.error || inbox.instance.data.notDeputy, 'inbox', 15000);
  expect(inbox.instance.data.error).toBe('');
  const row = inbox.$(`.dinbox-item-${letterId}`);
  expect(row).toBeTruthy();
  expect(row.dom.textContent).toContain('等您答复');
  expect(row.dom.textContent).toContain('写给我');
  expect(row.dom.textContent).toContain('小区门口的公交站没有遮雨棚');
  await inbox.tap(`.dinbox-item-${letterId}`);
  expect(g().navigateTo).toHaveBeenCalledWith({ url: `/deputy/message/index?id=${letterId}` });
});

test('the deputy answers it; the person’s page shows the answer', async () => {
  as(deputyUser);
  const m = render('deputy/message/index');
  m.instance.onLoad({ id: String(letterId) });
  await waitFor(() => m.instance.data.m || m.instance.data.error, 'letter', 15000);
  expect(m.instance.data.error).toBe('');
  expect(m.text()).toContain(letter);
  expect(m.text()).toContain(letterCode);
  expect(m.instance.data.steps.map((s: { name: string }) => s.name)).toEqual(['reply', 'hand_over']);
  await m.tap('.step-reply');
  m.$('.step-text').dispatchEvent('input', { detail: { value: answer } });
  await flush();
  await m.tap('.step-submit');
  await waitFor(() => m.instance.data.done || m.instance.data.stepError, 'answered', 15000);
  expect(m.instance.data.stepError).toBe('');
  expect(m.$('.dmsg-done').dom.textContent).toBe('答复已发出，留言的群众会收到。');
  expect(m.$('.dmsg-status').dom.textContent).toBe('已答复');
  expect(m.$('.dmsg-reply').dom.textContent).toBe(answer);
  expect(m.instance.data.steps).toEqual([]);

  as(citizenId);
  const d = render('message');
  d.instance.onLoad({ id: String(letterId) });
  await waitFor(() => d.text().includes(answer), 'answer shown', 15000);
  expect(d.text()).toContain('已答复，请您评价');
  expect(d.text()).toContain(`写给${deputy.name}代表`);
});

test('hand-over: the deputy hands a letter to the station with a note; the staff answer; the deputy’s page and the person’s show what happened after', async () => {
  const citizen = await api(state.base_url, 'POST', '/api/v1/auth/wechat', { code: citizenId });
  const second = await api(state.base_url, 'POST', `/api/v1/deputies/${deputy.id}/messages`,
    { category: 'urban_rural', content: `村道坑洼多，电动车常摔倒，希望修一修（代表码 ${run}）`, image_ids: [], name: '', phone: '', anonymous: false, publish: false }, citizen.body.token);
  expect(second.status).toBe(201);
  expect(second.body.addressee).toEqual({ id: deputy.id, name: deputy.name });
  const id = second.body.id as number;
  const note = '修路要镇里安排，请联络站转交有关部门。';

  // the deputy, from the inbox
  await signInAsDeputy(deputyUser, deputy);
  const inbox = render('deputy/inbox/index');
  inbox.instance.onLoad({});
  await waitFor(() => inbox.$(`.dinbox-item-${id}`), 'in the inbox', 15000);
  const m = render('deputy/message/index');
  m.instance.onLoad({ id: String(id) });
  await waitFor(() => m.instance.data.m, 'letter', 15000);
  await m.tap('.step-hand_over');
  m.$('.step-text').dispatchEvent('input', { detail: { value: note } });
  await flush();
  await m.tap('.step-submit');
  await waitFor(() => m.instance.data.done || m.instance.data.stepError, 'handed over', 15000);
  expect(m.instance.data.stepError).toBe('');
  expect(g().showModal.mock.calls[0][0].title).toBe('确定转交联络站办理吗？');
  expect(m.$('.dmsg-done').dom.textContent).toBe('已转交联络站办理。');
  expect(m.instance.data.steps).toEqual([]);
  expect(m.$('.dmsg-no-steps').dom.textContent).toContain('您已转交联络站办理');
  expect(m.text()).toContain(note);

  // the station's staff see it in their inbox, with the deputy's note, and answer it
  await staffToken(); // holds the station's staff role
  as(staffId);
  const staffInbox = render('staff/inbox/index');
  staffInbox.instance.onLoad({});
  await waitFor(() => staffInbox.$(`.inbox-item-${id}`), 'in the staff inbox', 15000);
  const sm = render('staff/message/index');
  sm.instance.onLoad({ id: String(id) });
  await waitFor(() => sm.instance.data.m, 'the staff’s page', 15000);
  expect(sm.text()).toContain(note);
  await sm.tap('.act-accept');
  await sm.tap('.action-submit');
  await waitFor(() => sm.instance.data.m.status === 'accepted' || sm.instance.data.actionError, 'accepted', 15000);
  expect(sm.instance.data.actionError).toBe('');
  const staffReply = '已转交镇政府，村道下月修补。';
  await sm.tap('.act-reply');
  sm.$('.action-text').dispatchEvent('input', { detail: { value: staffReply } });
  await flush();
  await sm.tap('.action-submit');
  await waitFor(() => sm.instance.data.m.status === 'replied' || sm.instance.data.actionError, 'replied', 15000);
  expect(sm.instance.data.actionError).toBe('');

  // the deputy's page shows the steps after the hand-over
  as(deputyUser);
  const after = render('deputy/message/index');
  after.instance.onLoad({ id: String(id) });
  await waitFor(() => after.instance.data.m || after.instance.data.error, 'letter again', 15000);
  expect(after.instance.data.error).toBe('');
  const titles = (after.instance.data.m.timeline as { title: string }[]).map((e) => e.title);
  expect(titles).toContain('代表转交联络站办理');
  expect(titles).toContain('答复群众');
  expect(titles.indexOf('答复群众')).toBeGreaterThan(titles.indexOf('代表转交联络站办理'));
  expect(after.$('.dmsg-reply').dom.textContent).toBe(staffReply);
  expect(after.$('.dmsg-status').dom.textContent).toBe('已答复');

  // and the person's
  as(citizenId);
  const d = render('message');
  d.instance.onLoad({ id: String(id) });
  await waitFor(() => d.text().includes(staffReply), 'staff answer shown', 15000);
  const steps = d.instance.data.m.timeline as { title: string; content: string }[];
  const handOver = steps.find((e) => e.title === '代表转交联络站办理')!;
  expect(handOver.content).toMatch(new RegExp(`\\n${note}$`)); // the deputy's note, said once
  expect(d.text()).toContain(`写给${deputy.name}代表`);
});
