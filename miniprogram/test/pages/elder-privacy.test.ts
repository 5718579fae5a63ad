// Large type, and the privacy notice WeChat asks for.
import { fastConfig, FakeServer, installWx, meta, OPERATOR, render, Rendered, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { initPrivacy } from '../../src/services/privacy';
import { forgetMeta } from '../../src/api/meta';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

beforeEach(() => {
  fastConfig();
  forgetMeta();
  server.reset();
  w = installWx(server);
});

test('the large-type switch makes the root font larger, and every page opened after keeps it', async () => {
  const home = render('index');
  home.instance.onLoad({});
  expect(home.instance.data.rootFontSize).toBe('system');
  home.$('.type-size').querySelector('.type-switch__toggle').instance.triggerEvent('change', { value: true });
  await waitFor(() => home.instance.data.large === true, 'large');
  expect(home.instance.data.rootFontSize).toBe('22px');
  expect(w.storage.get('liaison.largeType')).toBe(true);
  const privacy = render('privacy');
  expect(privacy.instance.data.large).toBe(true);
  expect(privacy.instance.data.rootFontSize).toBe('22px');
});

test('large type grows with a large system font too', async () => {
  (w.wx.getAppBaseInfo as jest.Mock).mockReturnValue({ fontSizeSetting: 20, SDKVersion: '3.7.0' });
  w.storage.set('liaison.largeType', true);
  const p = render('index');
  expect(p.instance.data.rootFontSize).toBe('26px');
});

test('first run with a large font set in WeChat: large type is on by itself, and nothing is stored as chosen', async () => {
  (w.wx.getAppBaseInfo as jest.Mock).mockReturnValue({ fontSizeSetting: 22, fontSizeScaleFactor: 1.375, SDKVersion: '3.7.0' });
  const home = render('index');
  home.instance.onLoad({});
  expect(home.instance.data.large).toBe(true);
  expect(home.instance.data.rootFontSize).toBe('29px');
  expect(home.$('.type-size').querySelector('.type-switch__toggle').instance.data.value).toBe(true);
  expect(w.storage.has('liaison.largeType')).toBe(false);
});

test('first run with the standard WeChat font: normal type', async () => {
  (w.wx.getAppBaseInfo as jest.Mock).mockReturnValue({ fontSizeSetting: 17, fontSizeScaleFactor: 1, SDKVersion: '3.7.0' });
  expect(render('index').instance.data.large).toBe(false);
  (w.wx.getAppBaseInfo as jest.Mock).mockReturnValue({ fontSizeSetting: 16, SDKVersion: '3.7.0' });
  expect(render('privacy').instance.data.large).toBe(false);
});

test('an older WeChat without a scale factor: a font of 20 px or more turns large type on', async () => {
  (w.wx.getAppBaseInfo as jest.Mock).mockReturnValue({ fontSizeSetting: 20, SDKVersion: '3.7.0' });
  expect(render('index').instance.data.large).toBe(true);
});

test('once chosen, the choice stays: large type turned off with a large WeChat font is still off on the next page and the next run', async () => {
  (w.wx.getAppBaseInfo as jest.Mock).mockReturnValue({ fontSizeSetting: 22, fontSizeScaleFactor: 1.375, SDKVersion: '3.7.0' });
  const home = render('index');
  home.instance.onLoad({});
  expect(home.instance.data.large).toBe(true);
  home.$('.type-size').querySelector('.type-switch__toggle').instance.triggerEvent('change', { value: false });
  await waitFor(() => home.instance.data.large === false, 'turned off');
  expect(home.instance.data.rootFontSize).toBe('system');
  expect(w.storage.get('liaison.largeType')).toBe(false);
  expect(render('privacy').instance.data.large).toBe(false);
  const station = render('station');
  station.instance.onLoad({});
  expect(station.instance.data.large).toBe(false);
  // and chosen on with a standard font, it stays on
  (w.wx.getAppBaseInfo as jest.Mock).mockReturnValue({ fontSizeSetting: 17, fontSizeScaleFactor: 1, SDKVersion: '3.7.0' });
  w.storage.set('liaison.largeType', true);
  expect(render('index').instance.data.large).toBe(true);
});

/** The first element the page shows (page-meta aside). */
function firstOnPage(p: Rendered): Element | null {
  const page = (p.comp.dom as HTMLElement).querySelector('[class*="page"]');
  return page ? page.firstElementChild : null;
}

test('the large-type switch is the first thing on the pages that have it', async () => {
  server.on('GET', '/api/v1/stations/12', { body: fx.station });
  server.on('GET', '/api/v1/stations/12/schedule', { body: fx.schedule });
  server.on('GET', '/api/v1/stations/12/answers', { body: fx.answers });
  server.on('GET', '/api/v1/meta', { body: meta() });
  const home = render('index');
  home.instance.onLoad({});
  const station = render('station');
  station.instance.onLoad({ id: '12' });
  await waitFor(() => station.text().includes('驻站人大代表'), 'station');
  const form = render('message-form');
  form.instance.onLoad({ station_id: '12' });
  await waitFor(() => form.text().includes('交通出行'), 'form');
  for (const [name, p] of [['home', home], ['station', station], ['message form', form]] as const) {
    const first = firstOnPage(p);
    expect([name, first && first.tagName.toLowerCase()]).toEqual([name, 'type-switch']);
    expect(first!.textContent).toContain('大字模式');
  }
});

test('a privacy API asks first: the notice shows, and “同意并继续” lets it go on', async () => {
  initPrivacy();
  const listener = (w.wx.onNeedPrivacyAuthorization as jest.Mock).mock.calls[0][0];
  const p = render('index');
  expect(p.$('.privacy-sheet__agree')).toBeFalsy();
  const resolve = jest.fn();
  listener(resolve, { referrer: 'getLocation' });
  await waitFor(() => p.$('.privacy-sheet__agree'), 'privacy sheet');
  expect(p.text()).toContain('隐私保护指引');
  p.$('.privacy-sheet__agree').dispatchEvent('agreeprivacyauthorization');
  await waitFor(() => resolve.mock.calls.length === 1, 'resolved');
  expect(resolve).toHaveBeenCalledWith({ event: 'agree', buttonId: 'agree-privacy' });
  await waitFor(() => !p.$('.privacy-sheet__agree'), 'sheet closed');
});

test('declining the privacy notice tells WeChat so and closes it', async () => {
  initPrivacy();
  const listener = (w.wx.onNeedPrivacyAuthorization as jest.Mock).mock.calls[0][0];
  const p = render('station');
  p.instance.onLoad({});
  const resolve = jest.fn();
  listener(resolve, {});
  await waitFor(() => p.$('.privacy-sheet__decline'), 'privacy sheet');
  await p.tap('.privacy-sheet__decline');
  await waitFor(() => resolve.mock.calls.length === 1, 'resolved');
  expect(resolve).toHaveBeenCalledWith({ event: 'disagree' });
});

test('the privacy page says what is collected and why, and the operating unit and its contacts from /api/v1/meta', async () => {
  const p = render('privacy');
  p.instance.onLoad({});
  const t0 = p.text();
  expect(t0).toContain('个人信息保护法');
  expect(t0).toContain('微信身份标识');
  expect(t0).toContain('手机号');
  expect(t0).toContain('位置');
  await waitFor(() => p.$('.op-name'), 'operator shown');
  expect(server.callsTo('GET', '/api/v1/meta')).toHaveLength(1);
  const t = p.text();
  expect(t).toContain('本小程序由南宁市兴宁区人大常委会办公室运营');
  expect(t).toContain('运营单位：' + OPERATOR.name);
  expect(t).toContain('联系电话：' + OPERATOR.phone);
  expect(t).toContain('电子邮箱：' + OPERATOR.email);
  expect(t).toContain('个人信息保护联系人：' + OPERATOR.privacy_contact);
  expect(p.$('.op-fallback')).toBeFalsy();
  await p.tap('.op-phone');
  expect(w.wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '07715612345' });
});

test('while the operator loads, and when it cannot be read, the page says so and shows no number; 重试 reads it', async () => {
  server.on('GET', '/api/v1/meta', { fail: true });
  const p = render('privacy');
  p.instance.onLoad({});
  expect(p.$('.op-fallback').dom.textContent).toContain('正在读取运营单位和联系方式');
  await waitFor(() => p.instance.data.opFailed, 'failed');
  const t = p.text();
  expect(t).toContain('运营单位的联系方式暂时没有读取到');
  expect(t).toContain('本小程序由人大代表联络站的运营单位运营');
  expect(t).not.toMatch(/\d{7}/);
  expect(p.$('.op-phone')).toBeFalsy();

  server.on('GET', '/api/v1/meta', { body: meta() });
  await p.tap('.op-retry');
  await waitFor(() => p.$('.op-name'), 'operator shown after 重试');
  expect(p.text()).toContain('联系电话：0771-5612345');
});

test('an operator without phone, mailbox or privacy contact (the backend in development) shows the name only', async () => {
  server.on('GET', '/api/v1/meta', { body: { ...meta(), operator: { name: '未配置的运营单位', phone: '', email: '', privacy_contact: '' } } });
  const p = render('privacy');
  p.instance.onLoad({});
  await waitFor(() => p.$('.op-name'), 'operator shown');
  expect(p.text()).toContain('运营单位：未配置的运营单位');
  expect(p.$('.op-phone')).toBeFalsy();
  expect(p.$('.op-email')).toBeFalsy();
  expect(p.$('.op-privacy')).toBeFalsy();
});

test.each(['deputy/checkin/index', 'deputy/bind/index', 'staff/activity-edit/index'])('%s carries the privacy notice (location, phone number, map)', async (page) => {
  initPrivacy();
  const listener = (w.wx.onNeedPrivacyAuthorization as jest.Mock).mock.calls[0][0];
  const p = render(page);
  const resolve = jest.fn();
  listener(resolve, { referrer: 'getLocation' });
  await waitFor(() => p.$('.privacy-sheet__agree'), 'privacy sheet');
  expect(p.text()).toContain('位置或手机号');
  p.$('.privacy-sheet__agree').dispatchEvent('agreeprivacyauthorization');
  await waitFor(() => resolve.mock.calls.length === 1, 'resolved');
});
