import { fastConfig, FakeServer, flush, installWx, render, Rendered, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

const replied = fx.message({
  status: 'replied',
  reply: '已协调交警把绿灯延长到 45 秒。',
  replied_at: '2026-12-05T16:20:00+08:00',
  images: [{ id: 77, url: '/api/v1/uploads/77' }],
  timeline: [
    { action: 'submit', at: '2026-12-02T06:42:13+08:00', note: '' },
    { action: 'accept', at: '2026-12-02T09:00:00+08:00', note: '' },
    { action: 'reply', at: '2026-12-05T16:20:00+08:00', note: '已协调交警把绿灯延长到 45 秒。' },
  ],
});

beforeEach(() => {
  fastConfig();
  forgetMeta();
  server.reset();
  server.on('GET', '/api/v1/messages/4', { body: replied });
  server.on('GET', '/api/v1/uploads/*', { status: 200 });
  w = installWx(server);
});

async function detail(): Promise<Rendered> {
  const p = render('message');
  p.instance.onLoad({ id: '4' });
  await waitFor(() => p.text().includes('LX2612-5CKM'), 'message');
  return p;
}

test('a replied message shows its status in words, the reply and the timeline', async () => {
  const p = await detail();
  const t = p.text();
  expect(t).toContain('已答复，请您评价');
  expect(t).toContain('已协调交警把绿灯延长到 45 秒。');
  expect(t).toContain('答复时间：2026年12月5日 16:20');
  expect(t).toContain('提交留言');
  expect(t).toContain('联络站受理');
  expect(t).toContain('2026年12月2日 09:00');
  expect(t).toContain('交通出行');
  expect(server.callsTo('GET', '/api/v1/messages/4')[0].header.Authorization).toBe('Bearer token-1');
});

test('the timeline marks each step with a dot, not a number, in large type too', async () => {
  w.storage.set('liaison.largeType', true);
  const p = await detail();
  expect(p.instance.data.large).toBe(true);
  const steps = (p.comp.dom as HTMLElement).querySelectorAll('[class*="tl-step "], [class$="tl-step"]');
  expect(steps).toHaveLength(3);
  const dots = (p.comp.dom as HTMLElement).querySelectorAll('[class*="tl-step__dot"]');
  expect(dots).toHaveLength(3);
  dots.forEach((d) => expect(d.textContent!.trim()).toBe(''));
  // the markers carry no step numbers: the timeline reads as its steps and times only
  const timeline = (p.comp.dom as HTMLElement).querySelector('[class*="timeline"]')!;
  expect(timeline.textContent!.replace(/\s+/g, '')).toBe('提交留言2026年12月2日06:42联络站受理2026年12月2日09:00答复2026年12月5日16:20');
});

test('photos are fetched with the token and shown', async () => {
  const p = await detail();
  await waitFor(() => p.instance.data.photos[0] && p.instance.data.photos[0].path, 'photo path');
  const d = server.callsTo('GET', '/api/v1/uploads/77')[0];
  expect(d.header.Authorization).toBe('Bearer token-1');
  expect(p.instance.data.photos[0].path).toBe('wxfile://tmp_api_v1_uploads_77');
});

test('a photo that cannot be fetched says so and can be tried again', async () => {
  server.on('GET', '/api/v1/uploads/77', (_c, n) => (n <= 3 ? { fail: true } : { status: 200 }));
  const p = await detail();
  await waitFor(() => p.text().includes('照片没加载出来'), 'photo failed');
  await p.tap('.dphoto__failed');
  await waitFor(() => p.instance.data.photos[0].path, 'photo after retry');
});

test('rating: choose one of three, add a comment, send it, and see it', async () => {
  server.on('POST', '/api/v1/messages/4/rating', (c) => ({
    body: { ...replied, status: 'closed', rating: c.data.rating, rating_comment: c.data.comment, timeline: [...replied.timeline, { action: 'rate', at: '2026-12-06T10:00:00+08:00', note: '基本满意' }] },
  }));
  const p = await detail();
  expect(p.text()).toContain('您对答复满意吗');
  expect(p.text()).toContain('基本满意');
  expect(p.text()).toContain('不满意');
  await p.tap('.choice-basically_satisfied');
  p.$('.rate-comment').dispatchEvent('input', { detail: { value: '绿灯还可以再长一点' } });
  await flush();
  await p.tap('.rate-submit');
  await waitFor(() => p.$('.detail-rated'), 'rated');
  expect(server.callsTo('POST', '/api/v1/messages/4/rating')[0].data).toEqual({ rating: 'basically_satisfied', comment: '绿灯还可以再长一点' });
  expect(p.$('.detail-rated').dom.textContent).toBe('基本满意');
  expect(p.text()).toContain('绿灯还可以再长一点');
  expect(p.text()).toContain('已办结');
  expect(p.text()).toContain('您作出评价');
  expect(p.$('.rate-submit')).toBeFalsy();
});

test('sending a rating without choosing asks to choose first', async () => {
  const p = await detail();
  await p.tap('.rate-submit');
  await waitFor(() => p.$('.error-rating'), 'rating error');
  expect(server.callsTo('POST', '/api/v1/messages/4/rating')).toHaveLength(0);
  // the page scrolls up to the three choices, where the error shows
  await waitFor(() => (w.wx.pageScrollTo as jest.Mock).mock.calls.length, 'scrolled');
  expect(w.wx.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-rating' }));
  expect(p.$('#field-rating').dom.textContent).toContain('基本满意');
});

test('a rating refused (409) says why in Chinese and keeps the choice', async () => {
  server.on('POST', '/api/v1/messages/4/rating', { status: 409, body: { error: { code: 'rating_not_allowed', message: '该留言当前不能评价' } } });
  const p = await detail();
  await p.tap('.choice-satisfied');
  await p.tap('.rate-submit');
  await waitFor(() => p.$('.rate-error'), 'rate error');
  expect(p.$('.rate-error').dom.textContent).toBe('该留言当前不能评价。请刷新后再看。');
  expect(p.instance.data.rating).toBe('satisfied');
});

test('a promise: asks whether it was done; “还没有办好” reopens it', async () => {
  const promised = fx.message({ status: 'promised', reply: '年底前修好路灯', promise: '修好民生路路灯', promise_due_at: '2026-12-31T00:00:00+08:00', rating: 'satisfied' });
  server.on('GET', '/api/v1/messages/4', { body: promised });
  server.on('POST', '/api/v1/messages/4/followup', (c) => ({ body: { ...promised, status: 'reopened', fulfilled: c.data.fulfilled } }));
  const p = await detail();
  expect(p.text()).toContain('承诺办理：修好民生路路灯（2026年12月31日前）');
  expect(p.text()).toContain('承诺的事办好了吗');
  await p.tap('.followup-no');
  p.$('.followup-comment').dispatchEvent('input', { detail: { value: '路灯还是不亮' } });
  await flush();
  await p.tap('.followup-submit');
  await waitFor(() => p.text().includes('重新办理中'), 'reopened');
  expect(server.callsTo('POST', '/api/v1/messages/4/followup')[0].data).toEqual({ fulfilled: false, comment: '路灯还是不亮' });
  expect(p.text()).toContain('您反映承诺事项还没有办好');
  expect(p.$('.followup-submit')).toBeFalsy();
});

test('a promise confirmed done closes the message', async () => {
  const promised = fx.message({ status: 'promised', reply: '年底前修好路灯', promise: '修好路灯', rating: 'satisfied' });
  server.on('GET', '/api/v1/messages/4', { body: promised });
  server.on('POST', '/api/v1/messages/4/followup', { body: { ...promised, status: 'closed', fulfilled: true } });
  const p = await detail();
  await p.tap('.followup-yes');
  await p.tap('.followup-submit');
  await waitFor(() => p.text().includes('您已确认承诺事项办好了'), 'fulfilled');
  expect(server.callsTo('POST', '/api/v1/messages/4/followup')[0].data).toEqual({ fulfilled: true, comment: '' });
});

test('consent to publish can be given later (and withdrawn) from the detail', async () => {
  server.on('POST', '/api/v1/messages/4/publish', (c) => ({ body: { ...replied, publish: c.data.publish } }));
  const p = await detail();
  expect(p.instance.data.m.publish).toBe(false);
  p.$('.publish-switch').instance.triggerEvent('change', { value: true });
  await waitFor(() => p.instance.data.m.publish === true, 'published');
  expect(server.callsTo('POST', '/api/v1/messages/4/publish')[0].data).toEqual({ publish: true });
});

test('a rejected message shows the reason', async () => {
  server.on('GET', '/api/v1/messages/4', { body: fx.message({ status: 'rejected', reject_reason: '不属于人大代表联络站受理范围，建议拨打 12345', timeline: [] }) });
  const p = await detail();
  expect(p.text()).toContain('不予受理');
  expect(p.text()).toContain('建议拨打 12345');
  expect(p.$('.rate-submit')).toBeFalsy();
});

test('a message that is not mine (404) says so and leads back to my messages', async () => {
  server.on('GET', '/api/v1/messages/4', { status: 404, body: { error: { code: 'message_not_found', message: '留言不存在' } } });
  const p = render('message');
  p.instance.onLoad({ id: '4' });
  await waitFor(() => p.text().includes('没有找到这条留言'), '404');
  await p.tap('.state__back');
  expect(w.wx.navigateBack).toHaveBeenCalled();
});

test('an expired token on the detail: signs in again and shows it', async () => {
  w.storage.set('liaison.session', { token: 'stale', expires_at: '2099-01-01T00:00:00+08:00', user: { id: 1, roles: [] } });
  server.on('GET', '/api/v1/messages/4', (c) => (c.header.Authorization === 'Bearer stale' ? { status: 401, body: { error: { code: 'unauthorized', message: '请先登录' } } } : { body: replied }));
  const p = await detail();
  expect(p.text()).toContain('已协调交警');
  expect(w.wx.login).toHaveBeenCalledTimes(1);
});

test('a message written to a deputy (代表码) says to whom; a hand-over reads as one plain step with the deputy’s note', async () => {
  server.on('GET', '/api/v1/messages/4', {
    body: fx.message({
      status: 'accepted',
      addressee: { id: 12, name: '韦建国' },
      timeline: [
        { action: 'submit', at: '2026-12-02T06:42:13+08:00', note: '' },
        { action: 'hand_over', at: '2026-12-02T10:00:00+08:00', note: '代表转交联络站办理；修路要镇里安排，请联络站转交有关部门。' },
        { action: 'accept', at: '2026-12-02T11:00:00+08:00', note: '' },
      ],
    }),
  });
  const p = await detail();
  expect(p.$('.detail-addressee').dom.textContent).toBe('写给韦建国代表');
  const steps = p.instance.data.m.timeline as { title: string; content: string }[];
  expect(steps.map((s) => s.title)).toEqual(['提交留言', '代表转交联络站办理', '联络站受理']);
  expect(steps[1].content).toMatch(/\n修路要镇里安排，请联络站转交有关部门。$/);
  expect(p.text()).not.toContain('办理进展');
});

test('a message to the station names no deputy', async () => {
  const p = await detail();
  expect(p.$('.detail-addressee')).toBeFalsy();
});
