// The check-in page opened by WeChat's own 扫一扫 (the venue link in `q`), the code typed by
// hand, and what the page says when the phone gives no position.
import * as fs from 'fs';
import * as path from 'path';
import { fastConfig, FakeServer, installWx, render, Rendered, RULES, SRC, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';
import { forgetMe } from '../../src/api/me';
import { learnRules } from '../../src/api/rules';

const server = new FakeServer();
const g = () => (global as any).wx;
const open = (over: Record<string, unknown> = {}) => fx.myActivity({ start_at: fx.inMinutes(20), end_at: fx.inMinutes(140), ...over });
const done = { activity_id: 21, deputy_id: 1, method: 'code', distance_m: 12, note: '', checked_in_at: fx.inMinutes(0) };

beforeEach(() => {
  fastConfig();
  forgetMeta();
  forgetMe();
  server.reset();
  installWx(server);
});

function at(latitude: number, longitude: number) {
  g().getLocation = jest.fn((o: any) => setTimeout(() => o.success({ latitude, longitude, accuracy: 20 }), 0));
}

function opened(options: Record<string, string>, items: unknown[] = [open()]): Rendered {
  server.on('GET', '/api/v1/me/activities', { body: { items, next_cursor: '' } });
  const p = render('deputy/checkin/index');
  g().getLocation = jest.fn((o: any) => setTimeout(() => o.success({ latitude: 22.8174, longitude: 108.319, accuracy: 20 }), 0));
  p.instance.onLoad(options);
  return p;
}

const settled = (p: Rendered) => waitFor(() => p.instance.data.result || p.instance.data.needSetting, 'result');

async function type(p: Rendered, value: string) {
  p.$('.checkin-code-input').dispatchEvent('input', { detail: { value } });
  await waitFor(() => p.instance.data.typed === value, 'typed');
  await p.tap('.checkin-typed-send');
}

describe('opened by WeChat’s 扫一扫 on the venue’s QR', () => {
  test('the link in q is read and the deputy is checked in without another tap', async () => {
    server.on('POST', '/api/v1/activities/21/checkin', { body: done });
    const p = opened({ q: encodeURIComponent('https://lianluo.example.cn/c/21/048213'), scancode_time: '1796000000' });
    await settled(p);
    expect(p.$('.checkin-title').dom.textContent).toBe('签到成功');
    expect(server.callsTo('POST', '/api/v1/activities/21/checkin')[0].data).toEqual({ code: '048213', latitude: 22.8174, longitude: 108.319 });
    expect(g().scanCode).not.toHaveBeenCalled();
    expect(p.text()).toContain('代表接待日：倾听民生');
  });

  test('a scanned code that has turned meanwhile: asks to scan again', async () => {
    server.on('POST', '/api/v1/activities/21/checkin', { status: 400, body: { error: { code: 'invalid_code', message: '签到码不对或已过期' } } });
    const p = opened({ q: encodeURIComponent('https://lianluo.example.cn/c/21/048213'), scancode_time: '1796000000' });
    await settled(p);
    expect(p.$('.checkin-title').dom.textContent).toBe('签到码已过期');
    expect(p.text()).toContain('请重新扫描会场屏幕上的二维码');
    expect(p.$('.checkin-code-input')).toBeTruthy();
  });

  test('the older mini program code’s scene a=<activity>&c=<code> works too', async () => {
    server.on('POST', '/api/v1/activities/21/checkin', { body: done });
    const p = opened({ scene: encodeURIComponent('a=21&c=048213') });
    await settled(p);
    expect(server.callsTo('POST', '/api/v1/activities/21/checkin')[0].data.code).toBe('048213');
  });

  test('a q that is not a venue link checks nothing in', async () => {
    const p = opened({ q: encodeURIComponent('https://example.com/s/12'), scancode_time: '1796000000' });
    await waitFor(() => p.instance.data.activity, 'the open activity');
    expect(server.callsTo('POST', '/api/v1/activities/21/checkin')).toHaveLength(0);
    expect(p.text()).toContain('怎样签到');
  });
});

describe('typing the code shown under the QR', () => {
  test('the six digits are sent with the position', async () => {
    server.on('POST', '/api/v1/activities/21/checkin', { body: done });
    const p = opened({ id: '21' });
    await waitFor(() => p.instance.data.activity, 'activity');
    await type(p, '048213');
    await settled(p);
    expect(p.$('.checkin-title').dom.textContent).toBe('签到成功');
    expect(server.callsTo('POST', '/api/v1/activities/21/checkin')[0].data).toEqual({ code: '048213', latitude: 22.8174, longitude: 108.319 });
    expect(g().scanCode).not.toHaveBeenCalled();
  });

  test('the field asks for the number keyboard and is large', () => {
    const wxml = fs.readFileSync(path.join(SRC, 'deputy/checkin/index.wxml'), 'utf8');
    expect(wxml).toMatch(/<input class="input checkin-code-input[^>]*type="number"[^>]*maxlength="6"/);
    const wxss = fs.readFileSync(path.join(SRC, 'deputy/checkin/index.wxss'), 'utf8');
    expect(wxss).toMatch(/\.checkin-code-input \{[^}]*font-size: 2rem/);
  });

  test('fewer than six digits: says so and sends nothing', async () => {
    const p = opened({ id: '21' });
    await waitFor(() => p.instance.data.activity, 'activity');
    await type(p, '0482');
    await waitFor(() => p.$('.checkin-typed-error'), 'error');
    expect(p.$('.checkin-typed-error').dom.textContent).toBe('请输入会场屏幕上二维码下面的 6 位数字');
    expect(server.callsTo('POST', '/api/v1/activities/21/checkin')).toHaveLength(0);
  });

  test('a wrong code: says to look at the newest digits on the screen', async () => {
    server.on('POST', '/api/v1/activities/21/checkin', { status: 400, body: { error: { code: 'invalid_code', message: '签到码不对或已过期' } } });
    const p = opened({ id: '21' });
    await waitFor(() => p.instance.data.activity, 'activity');
    await type(p, '111111');
    await settled(p);
    expect(p.$('.checkin-title').dom.textContent).toBe('签到码不对');
    expect(p.text()).toContain('请看会场屏幕上二维码下面最新的 6 位数字');
  });

  test('too many tries (429): the backend’s words, staff can help', async () => {
    server.on('POST', '/api/v1/activities/21/checkin', { status: 429, headers: { 'Retry-After': '60' }, body: { error: { code: 'too_many_requests', message: '签到码试了太多次，请过一会儿再试，或请会场工作人员为您签到' } } });
    const p = opened({ id: '21' });
    await waitFor(() => p.instance.data.activity, 'activity');
    await type(p, '111111');
    await settled(p);
    expect(p.$('.checkin-title').dom.textContent).toBe('试的次数太多了');
    expect(p.text()).toContain('请在 1 分钟后再试');
    expect(p.text()).toContain('工作人员可以为您手工签到');
  });

  test('opened from the home page: the one activity open now is the one checked in', async () => {
    server.on('POST', '/api/v1/activities/23/checkin', { body: { ...done, activity_id: 23 } });
    const p = opened({}, [open({ id: 23, title: '民意征集会' }), fx.myActivity({ id: 24 })]);
    await waitFor(() => p.instance.data.activityId === 23, 'the open one');
    expect(p.text()).toContain('民意征集会');
    await type(p, '048213');
    await settled(p);
    expect(server.callsTo('POST', '/api/v1/activities/23/checkin')[0].data.code).toBe('048213');
  });

  test('two activities open now: the deputy picks one first', async () => {
    server.on('POST', '/api/v1/activities/25/checkin', { body: { ...done, activity_id: 25 } });
    const p = opened({}, [open({ id: 23, title: '民意征集会' }), open({ id: 25, title: '集中学习' })]);
    await waitFor(() => p.$('.checkin-choices'), 'choices');
    await type(p, '048213');
    await waitFor(() => p.$('.checkin-typed-error'), 'choose first');
    expect(p.$('.checkin-typed-error').dom.textContent).toBe('请先点选要签到的活动');
    await p.tap('.checkin-choice-25');
    await waitFor(() => p.instance.data.activityId === 25, 'chosen');
    await p.tap('.checkin-typed-send');
    await settled(p);
    expect(server.callsTo('POST', '/api/v1/activities/25/checkin')[0].data.code).toBe('048213');
  });
});

describe('when the phone gives no position', () => {
  test('refused in WeChat’s dialog: staff can check the deputy in by hand, and the settings open', async () => {
    const p = opened({ id: '21' });
    await waitFor(() => p.instance.data.activity, 'activity');
    g().getLocation = jest.fn((o: any) => setTimeout(() => o.fail({ errMsg: 'getLocation:fail auth deny' }), 0));
    await type(p, '048213');
    await settled(p);
    expect(p.$('.checkin-by-hand').dom.textContent).toContain('工作人员可以为您手工签到');
    expect(server.callsTo('POST', '/api/v1/activities/21/checkin')).toHaveLength(0);
    await p.tap('.checkin-open-setting');
    expect(g().openSetting).toHaveBeenCalled();
  });

  test('refused before, opened by 扫一扫: no position is asked for, and the same words', async () => {
    const p = opened({ q: encodeURIComponent('https://lianluo.example.cn/c/21/048213') });
    g().getSetting = jest.fn((o: any) => setTimeout(() => o.success({ authSetting: { 'scope.userLocation': false } }), 0));
    await settled(p);
    expect(p.text()).toContain('没有位置权限，无法签到');
    expect(p.text()).toContain('工作人员可以为您手工签到');
    expect(g().getLocation).not.toHaveBeenCalled();
  });

  test('no GPS fix: turn location on, or staff check the deputy in by hand', async () => {
    const p = opened({ id: '21' });
    await waitFor(() => p.instance.data.activity, 'activity');
    g().getLocation = jest.fn((o: any) => setTimeout(() => o.fail({ errMsg: 'getLocation:fail timeout' }), 0));
    await type(p, '048213');
    await settled(p);
    expect(p.$('.checkin-title').dom.textContent).toBe('没有取到您的位置');
    expect(p.text()).toContain('工作人员可以为您手工签到');
  });
});

describe('large type', () => {
  test('the page asks for the larger root font size', async () => {
    const w = installWx(server);
    w.storage.set('liaison.largeType', true);
    const p = opened({ id: '21' });
    await waitFor(() => p.instance.data.activity, 'activity');
    expect(p.instance.data.large).toBe(true);
    expect(p.$('.page--large')).toBeTruthy();
  });
});

test('the page says the check-in window the backend runs with, not a copy of it', () => {
  learnRules({ ...RULES, checkin_window: { opens_before_minutes: 90 } } as any);
  try {
    const p = opened({}, []);
    expect(p.instance.data.windowWords).toBe('签到时间：活动开始前 90 分钟到活动结束。');
  } finally {
    learnRules(null);
  }
});
