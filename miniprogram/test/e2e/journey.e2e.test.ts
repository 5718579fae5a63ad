// The public's journey against a real liaison-dev, through the real page code:
// scan (scene) → the station shows its name and deputies → a message with a photo is
// submitted → staff accept and reply through the API → the detail page shows the reply →
// the rating is sent and shown → the answer, published with consent, shows on the station.
import * as fs from 'fs';
import { FakeServer, flush, installWx, render, Rendered, waitFor } from '../helpers';
import { api, Bridge, bridgeWx, writePhoto } from './bridge';
import { DevServer, DevState } from './server';
import { config } from '../../src/config/index';
import { forgetMeta } from '../../src/api/meta';
import { clearSession } from '../../src/services/request';

const dev = new DevServer();
let state: DevState;
let bridge: Bridge;
const citizen = `dev-citizen-e2e-${Date.now().toString(36)}`;
const content = `村口的路灯坏了三盏，晚上老人出门看不清路（端到端 ${citizen}）`;
const photo = writePhoto();

// what the journey learns as it goes
let messageId = 0;
let code = '';

beforeAll(async () => {
  state = await dev.start();
  config.baseUrl = state.base_url;
  config.retryDelayMs = 50;
}, 15 * 60 * 1000);

afterAll(async () => {
  await dev.stop();
});

beforeEach(() => {
  installWx(new FakeServer()); // storage, navigation and the rest of wx …
  bridge = bridgeWx(citizen); // … with the network going to liaison-dev
  forgetMeta();
  clearSession();
});

async function staffToken(): Promise<string> {
  const signIn = await api(state.base_url, 'POST', '/api/v1/auth/dev', { openid: `e2e-staff-${citizen}` });
  expect(signIn.status).toBe(200);
  const token = signIn.body.token as string;
  const me = await api(state.base_url, 'GET', '/api/v1/me', undefined, token);
  if (!JSON.stringify(me.body.roles || []).includes('staff')) {
    const redeem = await api(state.base_url, 'POST', '/api/v1/auth/redeem', { invite_code: state.staff_invite }, token);
    expect(redeem.status).toBe(200);
  }
  return token;
}

test('scanning the station code shows the station with its name and deputies', async () => {
  const card = await api(state.base_url, 'GET', `/api/v1/stations/${state.station_id}`);
  expect(card.status).toBe(200);
  const p = render('station');
  p.instance.onLoad({ scene: encodeURIComponent(`s=${state.station_id}`) });
  await waitFor(() => p.text().includes(card.body.name), 'station name', 15000);
  expect(card.body.deputies.length).toBeGreaterThan(0);
  for (const d of card.body.deputies) expect(p.text()).toContain(d.name);
  expect(p.text()).toContain('人大代表');
  await waitFor(() => !p.instance.data.schedule.loading && !p.instance.data.answers.loading, 'sections', 15000);
  expect(p.instance.data.schedule.error).toBe('');
  const schedule = await api(state.base_url, 'GET', `/api/v1/stations/${state.station_id}/schedule`);
  const receptions = schedule.body.items.filter((a: { kind: string }) => a.kind === 'reception_day');
  expect(p.instance.data.schedule.items).toHaveLength(receptions.length);
  for (const r of receptions) expect(p.text()).toContain(r.title);
  expect(p.instance.data.answers.error).toBe('');
  await p.tap('.station-write');
  expect((global as any).wx.navigateTo).toHaveBeenCalledWith({ url: `/pages/message-form/index?station_id=${state.station_id}` });
});

test('a message with a photo is submitted and gets its tracking code', async () => {
  const g = (global as any).wx;
  g.chooseMedia = jest.fn((o: any) => setTimeout(() => o.success({ tempFiles: [{ tempFilePath: photo, size: fs.statSync(photo).size, fileType: 'image' }] }), 0));
  // The citizen accepts both templates dev mode offers.
  g.requestSubscribeMessage = jest.fn((o: any) => {
    const res: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
    for (const id of o.tmplIds) res[id] = 'accept';
    setTimeout(() => o.success(res), 0);
  });
  const p: Rendered = render('message-form');
  p.instance.onLoad({ station_id: String(state.station_id) });
  await waitFor(() => p.instance.data.ready, 'form', 15000);
  await p.tap('.photo--add');
  await waitFor(() => p.instance.data.photos[0] && p.instance.data.photos[0].status === 'done', 'photo uploaded', 15000);
  expect(p.instance.data.photos[0].id).toBeGreaterThan(0);
  await p.tap('.cat-urban_rural');
  p.$('.content-input').dispatchEvent('input', { detail: { value: content } });
  p.$('.publish-switch').instance.triggerEvent('change', { value: true });
  await p.tap('.consent');
  await flush();
  await p.tap('.submit');
  await waitFor(() => p.instance.data.done || p.instance.data.submitError, 'submitted', 15000);
  expect(p.instance.data.submitError).toBe('');
  code = p.instance.data.done.code;
  messageId = p.instance.data.done.id;
  expect(code).toMatch(/^[A-Z]{2}\d{4}-[A-Z0-9]{4}$/);
  expect(p.text()).toContain(code);
  // In the submit tap: the reply, follow-up and acceptance templates of /meta, then the grants recorded.
  expect(g.requestSubscribeMessage).toHaveBeenCalledTimes(1);
  expect(g.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['dev-message_reply', 'dev-message_followup', 'dev-message_accepted']);
  await waitFor(() => bridge.requests.some((r) => r.url.endsWith('/api/v1/me/subscriptions')), 'grants recorded', 15000);
  expect(bridge.requests.filter((r) => r.url.endsWith('/api/v1/auth/wechat'))).toHaveLength(1);
});

test('staff accept and reply through the API; the detail page shows the reply and the photo', async () => {
  expect(messageId).toBeGreaterThan(0);
  const staff = await staffToken();
  const accept = await api(state.base_url, 'POST', `/api/v1/admin/messages/${messageId}/transitions`, { action: 'accept' }, staff);
  expect(accept.status).toBe(200);
  const reply = await api(state.base_url, 'POST', `/api/v1/admin/messages/${messageId}/transitions`, { action: 'reply', reply: '已安排街道在本周内修好三盏路灯。' }, staff);
  expect(reply.status).toBe(200);

  const p = render('message');
  p.instance.onLoad({ id: String(messageId) });
  await waitFor(() => p.text().includes('已安排街道在本周内修好三盏路灯。'), 'reply', 15000);
  expect(p.text()).toContain('已答复，请您评价');
  expect(p.text()).toContain(code);
  expect(p.text()).toContain(content);
  expect(p.text()).toContain('联络站受理');
  await waitFor(() => p.instance.data.photos[0] && p.instance.data.photos[0].path, 'photo downloaded', 15000);
  const bytes = fs.readFileSync(p.instance.data.photos[0].path);
  expect(bytes.length).toBeGreaterThan(50); // a re-encoded image, not an error page
  expect(bytes.slice(0, 1).toString('hex')).not.toBe('7b'); // not JSON
});

test('the rating is sent and shown', async () => {
  const p = render('message');
  p.instance.onLoad({ id: String(messageId) });
  await waitFor(() => p.$('.rate-submit'), 'rating form', 15000);
  await p.tap('.choice-satisfied');
  p.$('.rate-comment').dispatchEvent('input', { detail: { value: '修得很快，谢谢' } });
  await flush();
  await p.tap('.rate-submit');
  await waitFor(() => p.$('.detail-rated') || p.instance.data.rateError, 'rated', 15000);
  expect(p.instance.data.rateError).toBe('');
  expect(p.$('.detail-rated').dom.textContent).toBe('满意');
  expect(p.text()).toContain('修得很快，谢谢');
  expect(p.text()).toContain('已办结');

  // the server agrees, for the author
  const mine = render('my-messages');
  mine.instance.onLoad({});
  await waitFor(() => mine.text().includes(code), 'my messages', 15000);
  expect(mine.text()).toContain('已办结');
});

test('the answer, published with the author’s consent, shows on the station page without a name', async () => {
  const p = render('station');
  p.instance.onLoad({ scene: encodeURIComponent(`s=${state.station_id}`) });
  await waitFor(() => p.text().includes('已安排街道在本周内修好三盏路灯。'), 'published answer', 15000);
  expect(p.text()).toContain(content);
  expect(p.text()).not.toContain(code);
});

test('a token that has ended (signed out elsewhere): the page signs in again by itself and carries on', async () => {
  const first = render('my-messages');
  first.instance.onLoad({});
  await waitFor(() => first.text().includes(code), 'my messages', 15000);
  const session = (global as any).wx.getStorageSync('liaison.session') as { token: string };
  expect(session.token).toBeTruthy();
  const out = await api(state.base_url, 'POST', '/api/v1/auth/logout', undefined, session.token);
  expect(out.status).toBe(204);

  bridge.requests.length = 0;
  const again = render('my-messages');
  again.instance.onLoad({});
  await waitFor(() => again.text().includes(code), 'my messages after signing in again', 15000);
  const seen = bridge.requests.map((r) => `${r.status} ${new URL(r.url).pathname}`);
  expect(seen).toEqual(['401 /api/v1/me/messages', '200 /api/v1/auth/wechat', '200 /api/v1/me/messages']);
  expect(((global as any).wx.getStorageSync('liaison.session') as { token: string }).token).not.toBe(session.token);
});
