// Home and the station finder: by name, or nearby.
import { fastConfig, FakeServer, installWx, render, Rendered, waitFor } from '../helpers';
import * as fx from '../fixtures';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

beforeEach(() => {
  fastConfig();
  server.reset();
  w = installWx(server);
});

function home(): Rendered {
  const p = render('index');
  p.instance.onLoad({});
  return p;
}

test('find a station by name and open it', async () => {
  server.on('GET', '/api/v1/stations', (c) => (c.query.q === '民生' ? { body: { items: [fx.station], next_cursor: '' } } : { status: 400, body: {} }));
  const p = home();
  p.$('.finder__q').dispatchEvent('input', { detail: { value: ' 民生 ' } });
  await new Promise((r) => setTimeout(r, 0));
  await p.tap('.finder__search');
  await waitFor(() => p.text().includes('南宁市兴宁区民生路88号'), 'result');
  await p.tap('.finder__item');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/station/index?id=12' });
});

test('a name that finds nothing says so and suggests what to try', async () => {
  server.on('GET', '/api/v1/stations', { body: { items: [], next_cursor: '' } });
  const p = home();
  p.$('.finder__q').dispatchEvent('input', { detail: { value: '火星' } });
  await new Promise((r) => setTimeout(r, 0));
  await p.tap('.finder__search');
  await waitFor(() => p.text().includes('没有找到名称里有“火星”的联络站'), 'empty');
});

test('searching with no name asks for one first', async () => {
  const p = home();
  await p.tap('.finder__search');
  await waitFor(() => p.text().includes('请先输入联络站名称'), 'hint');
  expect(server.calls).toHaveLength(0);
});

test('nearby: the phone location finds the nearest stations with their distance', async () => {
  (w.wx.getLocation as jest.Mock).mockImplementation((o: { success: (r: unknown) => void }) => setTimeout(() => o.success({ latitude: 22.8170001, longitude: 108.3187 }), 0));
  server.on('GET', '/api/v1/stations', { body: { items: [{ ...fx.station, deputies: undefined, distance_m: 850 }], next_cursor: '' } });
  const p = home();
  await p.tap('.finder__near');
  await waitFor(() => p.text().includes('距您约 850 米'), 'distance');
  expect(server.callsTo('GET', '/api/v1/stations')[0].query).toEqual({ near: '22.817000,108.318700' });
  expect((w.wx.getLocation as jest.Mock).mock.calls[0][0].type).toBe('gcj02');
});

test('location refused: says so, offers the settings, and the name search still works', async () => {
  const p = home();
  await p.tap('.finder__near');
  await waitFor(() => p.text().includes('没有得到使用位置的允许'), 'denied');
  await p.tap('.finder__setting');
  expect(w.wx.openSetting).toHaveBeenCalled();
  expect(server.calls).toHaveLength(0);
});

test('a failed search can be repeated with 重试', async () => {
  server.on('GET', '/api/v1/stations', (_c, n) => (n <= 3 ? { fail: true } : { body: { items: [fx.station], next_cursor: '' } }));
  const p = home();
  p.$('.finder__q').dispatchEvent('input', { detail: { value: '民生' } });
  await new Promise((r) => setTimeout(r, 0));
  await p.tap('.finder__search');
  await waitFor(() => p.text().includes('网络连接不上'), 'error');
  await p.tap('.state__retry');
  await waitFor(() => p.text().includes('南宁市兴宁区民生路88号'), 'result after retry');
});

test('home leads to my messages and the privacy notice', async () => {
  const p = home();
  await p.tap('.home-mine');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/my-messages/index' });
  await p.tap('.home-privacy');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/privacy/index' });
});
