// The console sign-in calls (src/api/console-logins.ts) over the request layer, and the id the
// page takes from the scanned code.
import { fastConfig, FakeServer, installWx } from '../helpers';
import { approveConsoleLogin, getConsoleLogin } from '../../src/api/console-logins';
import { ApiError } from '../../src/services/errors';
import { consoleLoginIdFrom } from '../../src/utils/scene';
import { consoleAddress } from '../../src/utils/console';

const server = new FakeServer();
const ID = 'aB3-_x9ZqW2eRt5yUi8oP0';

beforeEach(() => {
  fastConfig();
  server.reset();
  installWx(server);
});

test('getConsoleLogin: GET /api/v1/console-logins/{id} with the token, the answer as it is', async () => {
  const body = { id: ID, status: 'pending', created_at: '2026-12-07T09:30:00+08:00', expires_at: '2026-12-07T09:32:00+08:00', client_ip: '203.0.113.9', browser: 'Chrome 131 · Windows' };
  server.on('GET', `/api/v1/console-logins/${ID}`, { body });
  await expect(getConsoleLogin(ID)).resolves.toEqual(body);
  const [call] = server.callsTo('GET', `/api/v1/console-logins/${ID}`);
  expect(call.header.Authorization).toBe('Bearer token-1');
  expect(call.query).toEqual({});
});

test('getConsoleLogin: 403 staff_only and 404 arrive as plain-Chinese errors with their codes', async () => {
  server.on('GET', `/api/v1/console-logins/${ID}`, { status: 403, body: { error: { code: 'staff_only', message: '仅限联络站工作人员' } } });
  const e = (await getConsoleLogin(ID).catch((x) => x)) as ApiError;
  expect(e).toBeInstanceOf(ApiError);
  expect([e.kind, e.code]).toEqual(['forbidden', 'staff_only']);
  expect(e.message).toContain('仅限联络站工作人员');

  server.on('GET', `/api/v1/console-logins/${ID}`, { status: 404, body: { error: { code: 'console_login_not_found', message: '登录请求不存在' } } });
  const nf = (await getConsoleLogin(ID).catch((x) => x)) as ApiError;
  expect([nf.kind, nf.code]).toEqual(['not_found', 'console_login_not_found']);
});

test('approveConsoleLogin: one POST to …/approve with the token and no body', async () => {
  server.on('POST', `/api/v1/console-logins/${ID}/approve`, { body: { status: 'approved' } });
  await expect(approveConsoleLogin(ID)).resolves.toEqual({ status: 'approved' });
  const calls = server.callsTo('POST', `/api/v1/console-logins/${ID}/approve`);
  expect(calls).toHaveLength(1);
  expect(calls[0].header.Authorization).toBe('Bearer token-1');
  expect(calls[0].data).toBeUndefined();
});

test('approveConsoleLogin: 409s keep their codes (expired, used)', async () => {
  for (const code of ['console_login_expired', 'console_login_used']) {
    server.on('POST', `/api/v1/console-logins/${ID}/approve`, { status: 409, body: { error: { code, message: '该登录请求已确认过' } } });
    const e = (await approveConsoleLogin(ID).catch((x) => x)) as ApiError;
    expect([e.kind, e.code]).toEqual(['conflict', code]);
  }
});

test('approveConsoleLogin is not repeated after a network failure (a repeat could be the second use)', async () => {
  await getConsoleLogin(ID).catch(() => undefined); // signs in (the answer is a 404) before the network goes
  server.down = true;
  const e = (await approveConsoleLogin(ID).catch((x) => x)) as ApiError;
  expect(e.kind).toBe('network');
  expect(server.callsTo('POST', `/api/v1/console-logins/${ID}/approve`)).toHaveLength(1);
});

test('the id comes from the scene l=<id> (URL-encoded), or from id in the query', () => {
  expect(consoleLoginIdFrom({ scene: `l%3D${ID}` })).toBe(ID);
  expect(consoleLoginIdFrom({ scene: `l=${ID}` })).toBe(ID);
  expect(consoleLoginIdFrom({ id: ID })).toBe(ID);
  expect(consoleLoginIdFrom({ scene: `l%3D${ID}`, id: 'ignored' })).toBe(ID);
});

test('anything but 22 characters of base64url gives no id', () => {
  expect(consoleLoginIdFrom(undefined)).toBe('');
  expect(consoleLoginIdFrom({})).toBe('');
  expect(consoleLoginIdFrom({ scene: 's%3D12' })).toBe(''); // a station's code
  expect(consoleLoginIdFrom({ scene: `l%3D${ID}x` })).toBe('');
  expect(consoleLoginIdFrom({ scene: 'l%3Dabc' })).toBe('');
  expect(consoleLoginIdFrom({ id: 'aB3+/x9ZqW2eRt5yUi8oP0' })).toBe('');
  expect(consoleLoginIdFrom({ id: '../../admin/users/1xx' })).toBe('');
});

test('the console address is the backend\'s, from config', () => {
  expect(consoleAddress()).toBe('http://liaison.test/console/');
});
