// The request layer: signing in without asking, 401 → sign in again once, repeats on a
// flaky network, the contract's errors in plain Chinese.
import { fastConfig, FakeServer, installWx } from '../helpers';
import { request } from '../../src/services/request';
import { ApiError } from '../../src/services/errors';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

beforeEach(() => {
  fastConfig();
  server.reset();
  w = installWx(server);
  server.on('GET', '/api/v1/me/messages', (c) =>
    c.header.Authorization ? { body: { items: [], next_cursor: '' } } : { status: 401, body: { error: { code: 'unauthorized', message: '请先登录' } } },
  );
});

test('the first call that needs a token signs in with wx.login and keeps the token', async () => {
  await request({ path: '/api/v1/me/messages' });
  expect(w.wx.login).toHaveBeenCalledTimes(1);
  expect(server.callsTo('POST', '/api/v1/auth/wechat')[0].data).toEqual({ code: 'wx-code' });
  expect(server.callsTo('GET', '/api/v1/me/messages')[0].header.Authorization).toBe('Bearer token-1');
  expect((w.storage.get('liaison.session') as { token: string }).token).toBe('token-1');
});

test('a kept token is used again without signing in', async () => {
  await request({ path: '/api/v1/me/messages' });
  await request({ path: '/api/v1/me/messages' });
  expect(w.wx.login).toHaveBeenCalledTimes(1);
  expect(server.callsTo('POST', '/api/v1/auth/wechat')).toHaveLength(1);
});

test('an expired kept token is not sent: the app signs in first', async () => {
  w.storage.set('liaison.session', { token: 'old', expires_at: '2020-01-01T00:00:00+08:00', user: { id: 1, roles: [] } });
  await request({ path: '/api/v1/me/messages' });
  expect(server.callsTo('GET', '/api/v1/me/messages')[0].header.Authorization).toBe('Bearer token-1');
});

test('a 401 signs in again once and repeats the call', async () => {
  w.storage.set('liaison.session', { token: 'revoked', expires_at: '2099-01-01T00:00:00+08:00', user: { id: 1, roles: [] } });
  server.on('GET', '/api/v1/me/messages', (c) =>
    c.header.Authorization === 'Bearer revoked' ? { status: 401, body: { error: { code: 'unauthorized', message: '请先登录' } } } : { body: { items: [{ id: 1 }], next_cursor: '' } },
  );
  const page = await request<{ items: unknown[] }>({ path: '/api/v1/me/messages' });
  expect(page.items).toHaveLength(1);
  const calls = server.callsTo('GET', '/api/v1/me/messages').map((c) => c.header.Authorization);
  expect(calls).toEqual(['Bearer revoked', 'Bearer token-1']);
  expect(w.wx.login).toHaveBeenCalledTimes(1);
});

test('a second 401 does not loop: it ends in a plain message', async () => {
  server.on('GET', '/api/v1/me/messages', { status: 401, body: { error: { code: 'unauthorized', message: 'unauthorized' } } });
  await expect(request({ path: '/api/v1/me/messages' })).rejects.toMatchObject({ kind: 'unauthorized', message: expect.stringContaining('重新打开') });
  expect(server.callsTo('GET', '/api/v1/me/messages')).toHaveLength(2);
});

test('calls made together share one sign-in', async () => {
  await Promise.all([request({ path: '/api/v1/me/messages' }), request({ path: '/api/v1/me/messages' }), request({ path: '/api/v1/me/messages' })]);
  expect(w.wx.login).toHaveBeenCalledTimes(1);
});

test('wx.login failing says so in Chinese and what to do', async () => {
  (w.wx.login as jest.Mock).mockImplementation((o: { fail: () => void }) => setTimeout(() => o.fail(), 0));
  await expect(request({ path: '/api/v1/me/messages' })).rejects.toMatchObject({ kind: 'signin', message: expect.stringContaining('微信登录没有成功') });
});

test('a GET is repeated after a network failure and then succeeds', async () => {
  server.on('GET', '/api/v1/meta', (_c, n) => (n < 3 ? { fail: true } : { body: { ok: true } }));
  await expect(request({ path: '/api/v1/meta', auth: false })).resolves.toEqual({ ok: true });
  expect(server.callsTo('GET', '/api/v1/meta')).toHaveLength(3);
});

test('a POST that leaves a message is not repeated by itself after a network failure', async () => {
  server.on('POST', '/api/v1/stations/1/messages', { fail: true });
  await expect(request({ method: 'POST', path: '/api/v1/stations/1/messages', data: {} })).rejects.toMatchObject({ kind: 'network' });
  expect(server.callsTo('POST', '/api/v1/stations/1/messages')).toHaveLength(1);
});

test('a POST with an Idempotency-Key may be repeated: the same headers each time, and the page is told', async () => {
  server.on('POST', '/api/v1/stations/1/messages', (_c, n) => (n < 3 ? { fail: true } : { status: 201, body: { id: 9 } }));
  const repeats: number[] = [];
  const out = request({
    method: 'POST', path: '/api/v1/stations/1/messages', data: { content: 'x' }, retry: true,
    headers: { 'Idempotency-Key': 'key-0123456789' }, onRepeat: () => repeats.push(repeats.length + 1),
  });
  await expect(out).resolves.toEqual({ id: 9 });
  const calls = server.callsTo('POST', '/api/v1/stations/1/messages');
  expect(calls.map((c) => c.header['Idempotency-Key'])).toEqual(['key-0123456789', 'key-0123456789', 'key-0123456789']);
  expect(calls.every((c) => c.header.Authorization === 'Bearer token-1' && c.header['Content-Type'] === 'application/json')).toBe(true);
  expect(repeats).toEqual([1, 2]);
});

test('a 400 carries the field errors in Chinese', async () => {
  server.on('POST', '/api/v1/x', { status: 400, body: { error: { code: 'invalid_input', message: '输入有误', fields: { content: '留言内容至少 5 个字' } } } });
  const err: ApiError = await request({ method: 'POST', path: '/api/v1/x', auth: false }).catch((e) => e);
  expect(err.kind).toBe('invalid');
  expect(err.fields).toEqual({ content: '留言内容至少 5 个字' });
  expect(err.message).toContain('标红');
});

test('query parameters are encoded and empty ones left out', async () => {
  server.on('GET', '/api/v1/stations', { body: { items: [] } });
  await request({ path: '/api/v1/stations', query: { q: '民生 街道', cursor: '' }, auth: false });
  const c = server.callsTo('GET', '/api/v1/stations')[0];
  expect(c.query).toEqual({ q: '民生 街道' });
});
