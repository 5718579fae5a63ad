import { fastConfig, FakeServer, installWx, render, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

beforeEach(() => {
  fastConfig();
  forgetMeta();
  server.reset();
  server.on('GET', '/api/v1/stations/12', { body: fx.station });
  server.on('GET', '/api/v1/stations/12/schedule', { body: fx.schedule });
  server.on('GET', '/api/v1/stations/12/answers', { body: fx.answers });
  w = installWx(server);
});

async function opened(options: Record<string, string> = { scene: 's%3D12' }) {
  const p = render('station');
  p.instance.onLoad(options);
  await waitFor(() => p.text().includes('兴宁区民生街道人大代表联络站'), 'station name');
  return p;
}

test('a scanned code (scene s%3D12) shows the station, its deputies with their levels', async () => {
  const p = await opened();
  const t = p.text();
  expect(t).toContain('覃海燕');
  expect(t).toContain('全国人大代表、自治区人大代表');
  expect(t).toContain('韦建国');
  expect(t).toContain('召集人');
  expect(t).toContain('周一至周五 9:00-12:00');
  expect(t).toContain('南宁市兴宁区民生路88号');
  expect(server.callsTo('GET', '/api/v1/stations/12')).toHaveLength(1);
});

test('the public pages need no sign-in: no wx.login, no token sent', async () => {
  await opened();
  await waitFor(() => server.callsTo('GET', '/api/v1/stations/12/answers').length === 1, 'answers');
  expect(w.wx.login).not.toHaveBeenCalled();
  expect(server.calls.every((c) => !c.header.Authorization)).toBe(true);
});

test('the coming reception days show date, time and deputies on duty; other activities are left out', async () => {
  const p = await opened();
  await waitFor(() => p.text().includes('代表接待日：倾听民生'), 'reception day');
  const t = p.text();
  expect(t).toContain('12月3日（星期四） 09:30–11:30');
  expect(t).toContain('接待代表：韦建国、覃海燕');
  expect(t).toContain('民生街道办事处二楼');
  expect(t).not.toContain('集中学习');
});

test('published answers show question, reply, category and date, never a name', async () => {
  const p = await opened();
  await waitFor(() => p.text().includes('已协调交警'), 'answer');
  const t = p.text();
  expect(t).toContain('问：路口红绿灯太短，老人过不去');
  expect(t).toContain('答：已协调交警把绿灯延长到 45 秒');
  expect(t).toContain('交通出行');
  expect(t).toContain('答复于 2026年11月9日');
});

test('more answers load with the cursor when there are more', async () => {
  server.on('GET', '/api/v1/stations/12/answers', (call) =>
    call.query.cursor === 'c2'
      ? { body: { items: [{ ...fx.answers.items[0], id: 41, content: '第二页的问题内容', reply: '第二页的答复' }], next_cursor: '' } }
      : { body: { ...fx.answers, next_cursor: 'c2' } },
  );
  const p = await opened();
  await waitFor(() => p.$('.answers-more'), 'more button');
  await p.tap('.answers-more');
  await waitFor(() => p.text().includes('第二页的答复'), 'second page');
  expect(p.text()).toContain('已协调交警');
  expect(p.$('.answers-more')).toBeFalsy();
});

test('no reception day coming: says so plainly', async () => {
  server.on('GET', '/api/v1/stations/12/schedule', { body: { items: [], next_cursor: '' } });
  const p = await opened();
  await waitFor(() => p.text().includes('近期暂无安排'), 'empty schedule');
});

test('the map button opens the station location', async () => {
  const p = await opened();
  await p.tap('.station-map');
  expect(w.wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ latitude: 22.81735, longitude: 108.31899, name: fx.station.name }));
});

test('“我要留言” opens the form for this station', async () => {
  const p = await opened({ id: '12' });
  await p.tap('.station-write');
  expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/message-form/index?station_id=12' });
});

test('network down: the card says what happened, and 重试 loads it once the network is back', async () => {
  server.down = true;
  const p = render('station');
  p.instance.onLoad({ scene: 's%3D12' });
  await waitFor(() => p.text().includes('网络连接不上'), 'network error');
  expect(p.text()).toContain('请检查手机网络');
  // GETs are repeated on a flaky network before giving up
  expect(server.callsTo('GET', '/api/v1/stations/12').length).toBe(3);
  server.down = false;
  await p.tap('.state__retry');
  await waitFor(() => p.text().includes('覃海燕'), 'station after retry');
});

test('an unknown station (404) offers to find another one', async () => {
  server.on('GET', '/api/v1/stations/99', { status: 404, body: { error: { code: 'station_not_found', message: '联络站不存在' } } });
  const p = render('station');
  p.instance.onLoad({ scene: 's%3D99' });
  await waitFor(() => p.text().includes('没有找到这个联络站'), '404');
  await p.tap('.state__back');
  expect(w.wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
});

test('a failing schedule does not hide the station; its own 重试 brings it', async () => {
  server.on('GET', '/api/v1/stations/12/schedule', (_c, n) => (n <= 3 ? { status: 503, body: {} } : { body: fx.schedule }));
  const p = await opened();
  await waitFor(() => p.text().includes('服务暂时出了问题'), 'schedule error');
  expect(p.text()).toContain('覃海燕');
  const retry = p.$('.schedule-state').querySelector('.state__retry');
  retry.dispatchEvent('tap');
  await waitFor(() => p.text().includes('代表接待日：倾听民生'), 'schedule after retry');
});

test('opened without a code: shows the finder instead of a station', async () => {
  const p = render('station');
  p.instance.onLoad({});
  await waitFor(() => p.text().includes('查找联络站'), 'finder');
  expect(server.calls.filter((c) => c.path.startsWith('/api/v1/stations'))).toHaveLength(0);
});

test('where the office shows them, the card tells plainly how many letters the deputies received and answered this year', async () => {
  server.on('GET', '/api/v1/stations/12', { body: { ...fx.station, letters: { year: 2026, received: 12, answered: 9 } } });
  const p = await opened();
  expect(p.$('.station-letters').dom.textContent).toBe('本站代表今年收到群众来信12件，已答复9件。');
});

test('no letter yet this year: says so in words, no 0件', async () => {
  server.on('GET', '/api/v1/stations/12', { body: { ...fx.station, letters: { year: 2026, received: 0, answered: 0 } } });
  const p = await opened();
  expect(p.$('.station-letters').dom.textContent).toBe('本站代表今年还没有收到群众来信。');
});

test('a card without letters (the setting off) shows no count of letters', async () => {
  const p = await opened();
  expect(p.$('.station-letters')).toBeFalsy();
  expect(p.text()).not.toContain('群众来信');
});
