// Large type, and the privacy notice WeChat asks for.
import { fastConfig, FakeServer, installWx, render, waitFor } from '../helpers';
import { initPrivacy } from '../../src/services/privacy';
import { config } from '../../src/config/index';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

beforeEach(() => {
  fastConfig();
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

test('the privacy page says what is collected and why, the operating unit and a contact', async () => {
  const p = render('privacy');
  p.instance.onLoad({});
  const t = p.text();
  expect(t).toContain('个人信息保护法');
  expect(t).toContain('微信身份标识');
  expect(t).toContain('手机号');
  expect(t).toContain('位置');
  expect(t).toContain('运营单位：' + config.operator.name);
  expect(t).toContain(config.operator.contact);
  await p.tap('.op-phone');
  expect(w.wx.makePhoneCall).toHaveBeenCalled();
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
