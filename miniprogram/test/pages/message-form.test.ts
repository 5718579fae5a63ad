import { fastConfig, FakeServer, flush, installWx, meta, render, Rendered, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;
let uploadSeq = 0;

beforeEach(() => {
  fastConfig();
  forgetMeta();
  server.reset();
  server.on('GET', '/api/v1/stations/12', { body: fx.station });
  server.on('POST', '/api/v1/uploads', () => ({ status: 201, body: { id: 100 + ++uploadSeq, url: `/api/v1/uploads/${100 + uploadSeq}` } }));
  server.on('POST', '/api/v1/stations/12/messages', { status: 201, body: { id: 4, code: 'LX2612-5CKM', status: 'submitted', created_at: '2026-12-02T06:42:13+08:00' } });
  w = installWx(server);
  uploadSeq = 0;
});

async function form(): Promise<Rendered> {
  const p = render('message-form');
  p.instance.onLoad({ station_id: '12' });
  await waitFor(() => p.text().includes('交通出行'), 'categories');
  return p;
}

function input(p: Rendered, selector: string, value: string) {
  p.$(selector).dispatchEvent('input', { detail: { value } });
}

/** A TDesign switch changing, as its own component reports it. */
function toggle(p: Rendered, selector: string, value: boolean) {
  p.$(selector).instance.triggerEvent('change', { value });
}

async function fillValid(p: Rendered) {
  await p.tap('.cat-transport');
  input(p, '.content-input', '路口红绿灯太短了，老人过不去');
  await p.tap('.consent');
  await flush();
}

function chooseGives(files: { tempFilePath: string; size: number }[]) {
  (w.wx.chooseMedia as jest.Mock).mockImplementation((o: { success: (r: unknown) => void }) =>
    setTimeout(() => o.success({ tempFiles: files.map((f) => ({ ...f, fileType: 'image' })), type: 'image' }), 0),
  );
}

const lastMessage = () => server.callsTo('POST', '/api/v1/stations/12/messages').slice(-1)[0];

test('the form names the station and offers the categories of /meta', async () => {
  const p = await form();
  const t = p.text();
  expect(t).toContain('兴宁区民生街道人大代表联络站');
  for (const c of ['城乡建设', '社会保障', '交通出行', '其他']) expect(t).toContain(c);
  expect(p.instance.data.publish).toBe(false);
  expect(p.instance.data.anonymous).toBe(false);
});

test('the counter follows the text', async () => {
  const p = await form();
  input(p, '.content-input', '路灯坏了😀');
  await flush();
  expect(p.text()).toContain('已写 5 字，最多 2000 字');
});

test('an empty submit shows what to fix beside each field and sends nothing', async () => {
  const p = await form();
  await p.tap('.submit');
  await waitFor(() => p.$('.error-category'), 'category error');
  expect(p.text()).toContain('请选择一个留言类别');
  expect(p.text()).toContain('留言内容至少写 5 个字');
  expect(p.text()).toContain('请先阅读并勾选同意');
  expect(server.callsTo('POST', '/api/v1/stations/12/messages')).toHaveLength(0);
  expect(w.wx.requestSubscribeMessage).not.toHaveBeenCalled();
});

test('a wrong phone number is caught before sending', async () => {
  const p = await form();
  await fillValid(p);
  input(p, '.phone-input', '12345');
  await p.tap('.submit');
  await waitFor(() => p.$('.error-phone'), 'phone error');
  expect(p.text()).toContain('手机号应为 11 位数字');
});

test('a submitted message shows its 查询码; the tap asks for the reply, follow-up and acceptance notices in one call and records the accepted one', async () => {
  let insideTap = false;
  (w.wx.requestSubscribeMessage as jest.Mock).mockImplementation((o: { success: (r: unknown) => void }) => {
    // WeChat refuses the request unless it runs synchronously inside the tap handler
    insideTap = /onSubmit/.test(new Error().stack || '');
    setTimeout(() => o.success({ errMsg: 'requestSubscribeMessage:ok', 'TPL-REPLY': 'accept', 'TPL-FOLLOW': 'reject' }), 0);
  });
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  expect(w.wx.requestSubscribeMessage).toHaveBeenCalledTimes(1);
  expect(insideTap).toBe(true);
  const asked = (w.wx.requestSubscribeMessage as jest.Mock).mock.calls[0][0].tmplIds;
  expect(asked).toEqual(['TPL-REPLY', 'TPL-FOLLOW', 'TPL-ACCEPTED']);
  expect(asked.length).toBeLessThanOrEqual(3); // WeChat refuses more in one call
  await waitFor(() => p.text().includes('LX2612-5CKM'), 'tracking code');
  await waitFor(() => server.callsTo('POST', '/api/v1/me/subscriptions').length === 1, 'subscriptions');
  expect(server.callsTo('POST', '/api/v1/me/subscriptions')[0].data).toEqual({ accepted: ['TPL-REPLY'] });
  await waitFor(() => p.text().includes('有答复时会通过微信通知您'), 'subscribed note');
  expect(lastMessage().data).toEqual({
    category: 'transport', content: '路口红绿灯太短了，老人过不去', image_ids: [], name: '', phone: '', anonymous: false, publish: false,
  });
  expect(lastMessage().header.Authorization).toBe('Bearer token-1');
});

test('without template ids (dev mode) no notice is asked for and nothing recorded', async () => {
  server.on('GET', '/api/v1/meta', { body: meta({ message_reply: '', message_followup: '', message_accepted: '' }) });
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.text().includes('LX2612-5CKM'), 'tracking code');
  await flush();
  expect(w.wx.requestSubscribeMessage).not.toHaveBeenCalled();
  expect(server.callsTo('POST', '/api/v1/me/subscriptions')).toHaveLength(0);
});

test('declining the notices still submits, and says where to follow the message', async () => {
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.text().includes('您没有选择微信通知'), 'declined note');
  expect(server.callsTo('POST', '/api/v1/me/subscriptions')).toHaveLength(0);
});

test('name, phone, anonymous and consent to publish are sent as chosen', async () => {
  const p = await form();
  await fillValid(p);
  input(p, '.name-input', '李大爷');
  input(p, '.phone-input', '138 0013 8000');
  toggle(p, '.anonymous-switch', true);
  toggle(p, '.publish-switch', true);
  await flush();
  await p.tap('.submit');
  await waitFor(() => lastMessage(), 'message sent');
  expect(lastMessage().data).toMatchObject({ name: '李大爷', phone: '13800138000', anonymous: true, publish: true });
});

test('photos are chosen compressed, uploaded with progress and sent by id', async () => {
  chooseGives([{ tempFilePath: 'wxfile://a.jpg', size: 200000 }, { tempFilePath: 'wxfile://b.jpg', size: 300000 }]);
  let release: (v?: unknown) => void = () => undefined;
  const slow = new Promise((r) => (release = r));
  server.on('POST', '/api/v1/uploads', () => ({ status: 201, body: { id: 100 + ++uploadSeq, url: '/api/v1/uploads/x' }, wait: slow }));
  const p = await form();
  await p.tap('.photo--add');
  expect((w.wx.chooseMedia as jest.Mock).mock.calls[0][0]).toMatchObject({ count: 9, mediaType: ['image'], sizeType: ['compressed'] });
  await waitFor(() => w.uploads.length === 2, 'upload tasks');
  expect(p.text()).toContain('上传中 0%');
  w.uploads[0].progress(40);
  await waitFor(() => p.text().includes('上传中 40%'), 'progress');
  await p.tap('.submit');
  await waitFor(() => p.$('.error-photos'), 'still uploading');
  expect(p.text()).toContain('照片还在上传');
  release();
  await waitFor(() => p.instance.data.photos.every((x: { status: string }) => x.status === 'done'), 'uploaded');
  const uploads = server.callsTo('POST', '/api/v1/uploads');
  expect(uploads.map((u) => u.data)).toEqual([{ filePath: 'wxfile://a.jpg', name: 'file' }, { filePath: 'wxfile://b.jpg', name: 'file' }]);
  expect(uploads[0].header.Authorization).toBe('Bearer token-1');
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => lastMessage(), 'message sent');
  expect(lastMessage().data.image_ids).toEqual([101, 102]);
});

test('a photo that failed to upload can be tried again; submitting waits for it', async () => {
  chooseGives([{ tempFilePath: 'wxfile://a.jpg', size: 200000 }]);
  server.on('POST', '/api/v1/uploads', (_c, n) => (n <= 3 ? { fail: true } : { status: 201, body: { id: 555, url: '/api/v1/uploads/555' } }));
  const p = await form();
  await p.tap('.photo--add');
  await waitFor(() => p.text().includes('上传没成功'), 'failed photo');
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.$('.error-photos'), 'photos error');
  expect(p.text()).toContain('有照片没有传上去');
  expect(server.callsTo('POST', '/api/v1/stations/12/messages')).toHaveLength(0);
  await p.tap('.photo__retry');
  await waitFor(() => p.instance.data.photos[0].status === 'done', 'uploaded on retry');
  await p.tap('.submit');
  await waitFor(() => lastMessage(), 'message sent');
  expect(lastMessage().data.image_ids).toEqual([555]);
});

test('a photo can be removed, and one over 5 MB is refused without uploading', async () => {
  chooseGives([{ tempFilePath: 'wxfile://huge.jpg', size: 6 * 1024 * 1024 }]);
  const p = await form();
  await p.tap('.photo--add');
  await waitFor(() => p.text().includes('照片超过 5 MB'), 'too big');
  expect(server.callsTo('POST', '/api/v1/uploads')).toHaveLength(0);
  await p.tap('.photo__remove');
  await waitFor(() => p.instance.data.photos.length === 0, 'removed');
  expect(p.text()).not.toContain('照片超过 5 MB');
});

test('photos go up three at a time, the rest wait their turn', async () => {
  chooseGives(Array.from({ length: 7 }, (_, i) => ({ tempFilePath: `wxfile://${i}.jpg`, size: 1000 })));
  let release: (v?: unknown) => void = () => undefined;
  const slow = new Promise((r) => (release = r));
  server.on('POST', '/api/v1/uploads', () => ({ status: 201, body: { id: 100 + ++uploadSeq, url: '/x' }, wait: slow }));
  const p = await form();
  await p.tap('.photo--add');
  await waitFor(() => server.callsTo('POST', '/api/v1/uploads').length === 3, 'three uploads');
  await new Promise((r) => setTimeout(r, 50));
  expect(server.callsTo('POST', '/api/v1/uploads')).toHaveLength(3);
  release();
  await waitFor(() => p.instance.data.photos.every((x: { status: string }) => x.status === 'done'), 'all uploaded');
  expect(server.callsTo('POST', '/api/v1/uploads')).toHaveLength(7);
});

test('no more than 9 photos: the add button goes away at 9', async () => {
  chooseGives(Array.from({ length: 9 }, (_, i) => ({ tempFilePath: `wxfile://${i}.jpg`, size: 1000 })));
  const p = await form();
  await p.tap('.photo--add');
  await waitFor(() => p.instance.data.photos.length === 9, '9 photos');
  await flush();
  expect(p.$('.photo--add')).toBeFalsy();
});

test('field errors of a 400 appear beside their fields', async () => {
  server.on('POST', '/api/v1/stations/12/messages', {
    status: 400,
    body: { error: { code: 'invalid_input', message: '输入有误，请检查后重试', fields: { content: '留言内容不能只有标点', phone: '请填写正确的手机号' } } },
  });
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.$('.error-content'), 'content error');
  expect(p.$('.error-content').dom.textContent).toContain('留言内容不能只有标点');
  expect(p.$('.error-phone').dom.textContent).toContain('请填写正确的手机号');
  expect(p.text()).toContain('有几项需要修改');
});

/** Where the page was asked to scroll: the selector of the last wx.pageScrollTo. */
function scrolledTo(): string {
  const calls = (w.wx.pageScrollTo as jest.Mock).mock.calls;
  return calls.length ? calls[calls.length - 1][0].selector : '';
}

/** The page's element an id selector such as #field-content names. */
function field(p: Rendered, selector: string): HTMLElement | null {
  const el = p.$(selector);
  return el ? el.dom : null;
}

test('a form error scrolls the page to the first field at fault, whose error shows there', async () => {
  const p = await form();
  input(p, '.content-input', '太短');
  await p.tap('.consent');
  await p.tap('.cat-transport');
  await flush();
  input(p, '.phone-input', '12345');
  await flush();
  await p.tap('.submit');
  await waitFor(() => (w.wx.pageScrollTo as jest.Mock).mock.calls.length, 'scrolled');
  expect(scrolledTo()).toBe('#field-content');
  expect(field(p, '#field-content')!.querySelector('[class*="error-content"]')!.textContent).toContain('至少写 5 个字');
  expect(p.$('.error-phone')).toBeTruthy();
  // nothing chosen at all: the category, at the top
  const q = await form();
  await q.tap('.submit');
  await waitFor(() => scrolledTo() === '#field-category', 'scrolled to the category');
  expect(field(q, '#field-category')!.querySelector('[class*="error-category"]')).toBeTruthy();
  // the privacy consent alone
  const r = await form();
  await r.tap('.cat-transport');
  input(r, '.content-input', '路口红绿灯太短了，老人过不去');
  await flush();
  await r.tap('.submit');
  await waitFor(() => scrolledTo() === '#field-consent', 'scrolled to the consent');
  expect(field(r, '#field-consent')!.querySelector('[class*="error-consent"]')).toBeTruthy();
  expect(lastMessage()).toBeUndefined();
});

test('field errors of a 400 scroll to the first of them', async () => {
  server.on('POST', '/api/v1/stations/12/messages', {
    status: 400,
    body: { error: { code: 'invalid_input', message: '输入有误，请检查后重试', fields: { phone: '请填写正确的手机号', content: '留言内容不能只有标点' } } },
  });
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => (w.wx.pageScrollTo as jest.Mock).mock.calls.length, 'scrolled');
  expect(scrolledTo()).toBe('#field-content');
});

test('a 429 says when to try again', async () => {
  server.on('POST', '/api/v1/stations/12/messages', { status: 429, header: { 'Retry-After': '300' }, body: { error: { code: 'rate_limited', message: '请求太频繁，请稍后再试' } } });
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.$('.submit-error'), 'error notice');
  expect(p.$('.submit-error').dom.textContent).toContain('请在 5 分钟后再试');
});

test('network down on submit: the same request is tried again, then what was written stays, and submitting again works', async () => {
  // config.retries is 2: the first attempt and its two repeats fail.
  server.on('POST', '/api/v1/stations/12/messages', (_c, n) => (n <= 3 ? { fail: true } : { status: 201, body: { id: 4, code: 'LX2612-5CKM', status: 'submitted' } }));
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.$('.submit-error'), 'error notice');
  expect(p.$('.submit-error').dom.textContent).toContain('您写的内容都还在');
  expect(p.$('.confirming')).toBeFalsy();
  expect(p.instance.data.content).toBe('路口红绿灯太短了，老人过不去');
  await p.tap('.submit');
  await waitFor(() => p.text().includes('LX2612-5CKM'), 'tracking code');
  const keys = server.callsTo('POST', '/api/v1/stations/12/messages').map((c) => c.header['Idempotency-Key']);
  expect(keys).toHaveLength(4);
  expect(new Set(keys).size).toBe(1); // the tap again is the same submission
});

test('an answer lost on submit: 正在确认是否已送达…, the same Idempotency-Key again, then the tracking code', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  server.on('POST', '/api/v1/stations/12/messages', (_c, n) =>
    n === 1 ? { fail: true } : { status: 201, body: { id: 4, code: 'LX2612-5CKM', status: 'submitted' }, wait: gate },
  );
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.$('.confirming'), 'the checking notice');
  expect(p.text()).toContain('正在确认是否已送达…');
  expect(p.$('.submit-error')).toBeFalsy();
  expect(p.text()).not.toContain('没有送达');
  release();
  await waitFor(() => p.text().includes('LX2612-5CKM'), 'tracking code');
  expect(p.text()).toContain('留言已送达');
  expect(p.$('.confirming')).toBeFalsy();
  const [first, repeat] = server.callsTo('POST', '/api/v1/stations/12/messages');
  expect(first.header['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  expect(repeat.header['Idempotency-Key']).toBe(first.header['Idempotency-Key']);
  expect(repeat.data).toEqual(first.data);
  expect(p.instance.data.submissionKey).toBe(''); // a success lets the key go

  // A later submission, in a new form, has a key of its own.
  const q = await form();
  await fillValid(q);
  await q.tap('.submit');
  await waitFor(() => q.text().includes('LX2612-5CKM'), 'second tracking code');
  const later = server.callsTo('POST', '/api/v1/stations/12/messages')[2];
  expect(later.header['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  expect(later.header['Idempotency-Key']).not.toBe(first.header['Idempotency-Key']);
});

test('a refused submission is not repeated', async () => {
  server.on('POST', '/api/v1/stations/12/messages', {
    status: 400,
    body: { error: { code: 'invalid', message: '请检查填写的内容', fields: { content: '留言内容至少 5 个字' } } },
  });
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.$('.error-content'), 'field error');
  expect(server.callsTo('POST', '/api/v1/stations/12/messages')).toHaveLength(1);
  expect(p.$('.confirming')).toBeFalsy();
});

test('a revoked token while submitting: signs in again and the message goes through once', async () => {
  w.storage.set('liaison.session', { token: 'revoked', expires_at: '2099-01-01T00:00:00+08:00', user: { id: 1, roles: [] } });
  server.on('POST', '/api/v1/stations/12/messages', (c) =>
    c.header.Authorization === 'Bearer revoked'
      ? { status: 401, body: { error: { code: 'unauthorized', message: '请先登录' } } }
      : { status: 201, body: { id: 4, code: 'LX2612-5CKM', status: 'submitted' } },
  );
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.text().includes('LX2612-5CKM'), 'tracking code');
  expect(server.callsTo('POST', '/api/v1/stations/12/messages').map((c) => c.header.Authorization)).toEqual(['Bearer revoked', 'Bearer token-1']);
});

test('the form cannot load (network down): it says so and 重试 loads it', async () => {
  server.down = true;
  const p = render('message-form');
  p.instance.onLoad({ station_id: '12' });
  await waitFor(() => p.text().includes('网络连接不上'), 'load error');
  server.down = false;
  await p.tap('.state__retry');
  await waitFor(() => p.text().includes('交通出行'), 'categories after retry');
});

test('after submitting, 查看办理进度 opens the message', async () => {
  const p = await form();
  await fillValid(p);
  await p.tap('.submit');
  await waitFor(() => p.$('.done__view'), 'done');
  await p.tap('.done__view');
  expect(w.wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/message/index?id=4' });
  await p.tap('.done__copy');
  expect(w.wx.setClipboardData).toHaveBeenCalledWith({ data: 'LX2612-5CKM' });
});
