// The page a deputy's code opens (scene d=<id>): the public card of one deputy.
import * as fs from 'fs';
import * as path from 'path';
import { fastConfig, FakeServer, installWx, render, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

beforeEach(() => {
  fastConfig();
  forgetMeta();
  server.reset();
  server.on('GET', '/api/v1/deputies/12', { body: fx.deputyCard() });
  w = installWx(server);
});

async function opened(options: Record<string, string> = { scene: 'd%3D12' }) {
  const p = render('deputy');
  p.instance.onLoad(options);
  await waitFor(() => p.text().includes('韦建国'), 'deputy name');
  return p;
}

test('a scanned code (scene d%3D12) opens deputy 12: name, levels in words, the station', async () => {
  const p = await opened();
  const t = p.text();
  expect(t).toContain('市人大代表、县（区）人大代表');
  expect(t).toContain('兴宁区民生街道人大代表联络站');
  expect(t).toContain('给代表留言');
  expect(server.callsTo('GET', '/api/v1/deputies/12')).toHaveLength(1);
});

test('the public page needs no sign-in: no wx.login, no token sent', async () => {
  await opened();
  expect(w.wx.login).not.toHaveBeenCalled();
  expect(server.calls.every((c) => !c.header.Authorization)).toBe(true);
});

test('the card shows no phone and no employer, even when the answer has them', async () => {
  server.on('GET', '/api/v1/deputies/12', {
    body: fx.deputyCard({ phone: '13800138003', mobile: '13800138003', employer: { name: '南宁市第二中学', contact_name: '梁志明', contact_phone: '0771-5550002' } }),
  });
  const p = await opened();
  const t = p.text();
  expect(t).not.toContain('13800138003');
  expect(t).not.toContain('138');
  expect(t).not.toContain('南宁市第二中学');
  expect(t).not.toContain('梁志明');
  expect(t).not.toContain('0771');
});

test('the reception days on duty: coming ones, soonest first, with time, station and venue; past ones left out', async () => {
  const p = await opened();
  const t = p.text();
  expect(t).toContain('近期接待日');
  const first = t.indexOf('12月3日（星期四） 14:30–16:30');
  const second = t.indexOf('12月10日（星期四） 09:30–11:30');
  expect(first).toBeGreaterThan(-1);
  expect(second).toBeGreaterThan(first);
  expect(t).toContain('地点：民生街道办事处二楼');
  expect(t).not.toContain('2020');
  expect(t).not.toContain('1月3日');
});

test('no duty days in the answer: no such section; an empty list says so', async () => {
  server.on('GET', '/api/v1/deputies/12', { body: fx.deputyCard({ reception_days: undefined }) });
  let p = await opened();
  expect(p.text()).not.toContain('近期接待日');
  server.on('GET', '/api/v1/deputies/12', { body: fx.deputyCard({ reception_days: [] }) });
  p = await opened();
  expect(p.text()).toContain('近期暂无这位代表的接待安排');
});

test('给代表留言 opens the form addressed to the deputy; a station opens its page', async () => {
  const p = await opened({ id: '12' });
  await p.tap('.deputy-write');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/message-form/index?deputy_id=12' });
  await p.tap('.deputy-station');
  expect(w.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/station/index?id=12' });
});

test('a deputy whose term ended: a plain page with the station button and no write button', async () => {
  server.on('GET', '/api/v1/deputies/12', { body: fx.deputyCard({ active: false }) });
  const p = await opened();
  const t = p.text();
  expect(t).toContain('这位代表已不再接收留言');
  expect(p.$('.deputy-write')).toBeFalsy();
  expect(t).not.toContain('给代表留言');
  expect(t).not.toContain('近期接待日');
  await p.tap('.gone-station');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/station/index?id=12' });
});

test('an unknown deputy (404) says so and leads home', async () => {
  server.on('GET', '/api/v1/deputies/99', { status: 404, body: { error: { code: 'deputy_not_found', message: '代表不存在' } } });
  const p = render('deputy');
  p.instance.onLoad({ scene: 'd%3D99' });
  await waitFor(() => p.text().includes('没有找到这位代表'), '404');
  expect(p.$('.deputy-write')).toBeFalsy();
  await p.tap('.state__back');
  expect(w.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
});

test('network down: says what happened, and 重试 loads it once the network is back', async () => {
  server.down = true;
  const p = render('deputy');
  p.instance.onLoad({ scene: 'd%3D12' });
  await waitFor(() => p.text().includes('网络连接不上'), 'network error');
  server.down = false;
  await p.tap('.state__retry');
  await waitFor(() => p.text().includes('韦建国'), 'deputy after retry');
});

test('large type: the switch is at the top and makes the page larger', async () => {
  const p = await opened();
  expect(p.$('.type-size')).toBeTruthy();
  expect(p.instance.data.large).toBe(false);
  p.$('.type-size').instance.triggerEvent('change', { large: true });
  await waitFor(() => p.instance.data.large === true, 'large');
  expect(p.instance.data.rootFontSize).not.toBe('system');
  expect(w.storage.get('liaison.largeType')).toBe(true);
});

test('the page a deputy code names is in the main package, where a scan can open it', () => {
  const app = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'src', 'app.json'), 'utf8'));
  expect(app.pages).toContain('pages/deputy/index');
});
