// The message form addressed to a deputy (opened from the deputy's page with deputy_id):
// the same form, posted to /api/v1/deputies/{id}/messages.
import { fastConfig, FakeServer, flush, installWx, render, Rendered, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

const created = { id: 4, code: 'LX2612-5CKM', status: 'submitted', created_at: '2026-12-02T06:42:13+08:00', addressee: { id: 12, name: '韦建国' } };
const twoStations = [
  { id: 12, name: '兴宁区民生街道人大代表联络站' },
  { id: 15, name: '兴宁区三塘镇人大代表联络站' },
];

beforeEach(() => {
  fastConfig();
  forgetMeta();
  server.reset();
  server.on('GET', '/api/v1/deputies/12', { body: fx.deputyCard() });
  server.on('GET', '/api/v1/stations/12', { body: fx.station });
  server.on('POST', '/api/v1/deputies/12/messages', { status: 201, body: created });
  server.on('POST', '/api/v1/stations/12/messages', { status: 201, body: { ...created, id: 5, code: 'LX2612-7K3Q', addressee: null } });
  w = installWx(server);
});

async function form(options: Record<string, string> = { deputy_id: '12' }): Promise<Rendered> {
  const p = render('message-form');
  p.instance.onLoad(options);
  await waitFor(() => p.text().includes('交通出行') || p.text().includes('不再接收留言'), 'form');
  return p;
}

async function fillValid(p: Rendered) {
  await p.tap('.cat-transport');
  p.$('.content-input').dispatchEvent('input', { detail: { value: '路口红绿灯太短了，老人过不去' } });
  await p.tap('.consent');
  await flush();
}

const toDeputy = () => server.callsTo('POST', '/api/v1/deputies/12/messages');

test('the form says 给韦建国代表留言, in the page and in the title bar', async () => {
  const p = await form();
  expect(p.text()).toContain('给韦建国代表留言');
  expect(p.text()).toContain('兴宁区民生街道人大代表联络站也能看到');
  expect(p.text()).toContain('同意代表和联络站为办理留言使用我填写的信息');
  expect(w.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '给韦建国代表留言' });
  expect(p.$('.station-choice')).toBeFalsy(); // one station: nothing to choose
});

test('a message to the deputy goes to the deputy path with the Idempotency-Key, the same fields, and no station_id when there is one station', async () => {
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.text().includes('LX2612-5CKM'), 'tracking code');
  expect(toDeputy()).toHaveLength(1);
  expect(server.callsTo('POST', '/api/v1/stations/12/messages')).toHaveLength(0);
  const call = toDeputy()[0];
  expect(call.data).toEqual({
    category: 'transport', content: '路口红绿灯太短了，老人过不去', image_ids: [], name: '', phone: '', anonymous: false, publish: false,
  });
  expect(call.header['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  expect(call.header.Authorization).toBe('Bearer token-1');
  // the done screen: to the deputy, and the station sees it
  expect(p.text()).toContain('留言已送给韦建国代表');
  expect(p.text()).toContain('兴宁区民生街道人大代表联络站也能看到');
  expect(p.text()).toContain('返回代表页面');
});

test('the tap asks for the notices inside it, as for a station', async () => {
  let insideTap = false;
  (w.wx.requestSubscribeMessage as jest.Mock).mockImplementation((o: { success: (r: unknown) => void }) => {
    insideTap = /onSubmit/.test(new Error().stack || '');
    setTimeout(() => o.success({ errMsg: 'requestSubscribeMessage:ok', 'TPL-REPLY': 'accept' }), 0);
  });
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  expect(insideTap).toBe(true);
  await waitFor(() => p.text().includes('有答复时会通过微信通知您'), 'subscribed note');
});

test('a deputy with two stations: the citizen chooses one and it is sent as station_id', async () => {
  server.on('GET', '/api/v1/deputies/12', { body: fx.deputyCard({ stations: twoStations }) });
  const p = await form();
  expect(p.text()).toContain('由哪个联络站登记');
  expect(p.text()).toContain('兴宁区三塘镇人大代表联络站');
  await p.tap('.station-choice-15');
  expect(p.text()).toContain('兴宁区三塘镇人大代表联络站也能看到');
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => toDeputy().length === 1, 'sent');
  expect(toDeputy()[0].data.station_id).toBe(15);
  expect(toDeputy()[0].header['Idempotency-Key']).toBeTruthy();
  await waitFor(() => p.text().includes('三塘镇人大代表联络站也能看到，会跟进办理'), 'done');
});

test('opened with a station of the deputy, that station is chosen', async () => {
  server.on('GET', '/api/v1/deputies/12', { body: fx.deputyCard({ stations: twoStations }) });
  const p = await form({ deputy_id: '12', station_id: '15' });
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => toDeputy().length === 1, 'sent');
  expect(toDeputy()[0].data.station_id).toBe(15);
});

test('an answer lost on submit: the same Idempotency-Key again to the deputy path', async () => {
  server.on('POST', '/api/v1/deputies/12/messages', (_c, n) => (n === 1 ? { fail: true } : { status: 201, body: created }));
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.text().includes('LX2612-5CKM'), 'tracking code');
  const [first, repeat] = toDeputy();
  expect(repeat.header['Idempotency-Key']).toBe(first.header['Idempotency-Key']);
});

test('the deputy refused (term ended): the server\'s words, plainly; the text can go to the station instead', async () => {
  server.on('POST', '/api/v1/deputies/12/messages', { status: 409, body: { error: { code: 'deputy_inactive', message: '这位代表已届满，不再接收留言。' } } });
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.text().includes('这位代表已届满，不再接收留言。'), 'refusal');
  expect(p.text()).not.toContain('请刷新后再看');
  expect(p.$('.submit')).toBeFalsy();
  expect(toDeputy()).toHaveLength(1); // a refusal is not repeated
  await p.tap('.deputy-gone__write');
  await waitFor(() => p.$('.submit'), 'the form again');
  expect(p.text()).toContain('留言给');
  expect(p.instance.data.content).toBe('路口红绿灯太短了，老人过不去');
  await p.tap('.submit');
  await waitFor(() => p.text().includes('LX2612-7K3Q'), 'sent to the station');
  const toStation = server.callsTo('POST', '/api/v1/stations/12/messages');
  expect(toStation).toHaveLength(1);
  expect(toStation[0].header['Idempotency-Key']).not.toBe(toDeputy()[0].header['Idempotency-Key']);
});

test('a deputy already inactive when the form opens: no form, the plain words and the station', async () => {
  server.on('GET', '/api/v1/deputies/12', { body: fx.deputyCard({ active: false }) });
  const p = await form();
  expect(p.text()).toContain('这位代表已不再接收留言');
  expect(p.$('.submit')).toBeFalsy();
  await p.tap('.deputy-gone__station');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/station/index?id=12' });
});

test('other failures still show as on the station form (field errors beside their fields)', async () => {
  server.on('POST', '/api/v1/deputies/12/messages', { status: 400, body: { error: { code: 'invalid', message: '参数错误', fields: { content: '留言内容不能少于 5 个字' } } } });
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.$('.error-content'), 'field error');
  expect(p.text()).toContain('留言内容不能少于 5 个字');
  expect(p.$('.submit')).toBeTruthy();
});
