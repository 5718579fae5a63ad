import { fastConfig, FakeServer, installWx, render, waitFor } from '../helpers';
import * as fx from '../fixtures';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

beforeEach(() => {
  fastConfig();
  server.reset();
  w = installWx(server);
});

test('my messages show status in words, station, date and code; a replied one asks for a rating', async () => {
  server.on('GET', '/api/v1/me/messages', {
    body: { items: [fx.message({ id: 9, status: 'replied', code: 'LX2612-AAAA' }), fx.message({ id: 8, status: 'submitted' })], next_cursor: '' },
  });
  const p = render('my-messages');
  p.instance.onLoad({});
  await waitFor(() => p.text().includes('LX2612-AAAA'), 'list');
  const t = p.text();
  expect(t).toContain('已答复，请您评价');
  expect(t).toContain('待您评价');
  expect(t).toContain('已提交，等待联络站受理');
  expect(t).toContain('兴宁区民生街道人大代表联络站 · 2026年12月2日');
  await p.tap('.mine');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/message/index?id=9' });
});

test('no messages yet: says how to leave one and leads to finding a station', async () => {
  server.on('GET', '/api/v1/me/messages', { body: { items: [], next_cursor: '' } });
  const p = render('my-messages');
  p.instance.onLoad({});
  await waitFor(() => p.text().includes('您还没有留言'), 'empty');
  await p.tap('.mine__find');
  expect(w.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
});

test('older messages load with the cursor', async () => {
  server.on('GET', '/api/v1/me/messages', (c) =>
    c.query.cursor === 'next' ? { body: { items: [fx.message({ id: 1, code: 'LX2611-OLD1' })], next_cursor: '' } } : { body: { items: [fx.message({ id: 2 })], next_cursor: 'next' } },
  );
  const p = render('my-messages');
  p.instance.onLoad({});
  await waitFor(() => p.$('.mine__more'), 'more');
  await p.tap('.mine__more');
  await waitFor(() => p.text().includes('LX2611-OLD1'), 'older');
  expect(p.instance.data.items).toHaveLength(2);
});

test('the list cannot load (server down): says so, 重试 works', async () => {
  server.on('GET', '/api/v1/me/messages', (_c, n) => (n <= 3 ? { status: 503, body: { error: { code: 'unavailable', message: 'db down' } } } : { body: { items: [fx.message()], next_cursor: '' } }));
  const p = render('my-messages');
  p.instance.onLoad({});
  await waitFor(() => p.text().includes('服务暂时出了问题'), 'error');
  expect(p.text()).not.toContain('db down');
  await p.tap('.state__retry');
  await waitFor(() => p.text().includes('LX2612-5CKM'), 'list after retry');
});

test('a message written to a deputy (代表码) names the deputy', async () => {
  server.on('GET', '/api/v1/me/messages', {
    body: { items: [fx.message({ id: 9, code: 'LX2612-AAAA', addressee: { id: 3, name: '韦建国' } }), fx.message({ id: 8 })], next_cursor: '' },
  });
  const p = render('my-messages');
  p.instance.onLoad({});
  await waitFor(() => p.text().includes('LX2612-AAAA'), 'list');
  expect(p.text().split('写给韦建国代表')).toHaveLength(2); // once: the other message is to the station
  expect(p.instance.data.items.map((i: { addressee: string }) => i.addressee)).toEqual(['韦建国', '']);
});
