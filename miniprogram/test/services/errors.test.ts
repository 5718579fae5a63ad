import { fromResponse, parseRetryAfter, waitWords } from '../../src/services/errors';

test('429 says when to try again, from Retry-After in seconds', () => {
  const e = fromResponse(429, { error: { code: 'rate_limited', message: '请求太频繁' } }, '120');
  expect(e.kind).toBe('too_many');
  expect(e.retryAfter).toBe(120);
  expect(e.message).toBe('操作太频繁了，请在 2 分钟后再试。');
});

test('Retry-After may be an HTTP date', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:45 GMT', now)).toBe(45);
  expect(waitWords(45)).toBe('45 秒');
  expect(waitWords(7200)).toBe('2 小时');
});

test('an English server text never reaches a page', () => {
  const e = fromResponse(409, { error: { code: 'conflict', message: 'rating not allowed' } });
  expect(e.message).toBe('当前状态不能进行这项操作。请刷新后再看。');
  const f = fromResponse(400, { error: { code: 'invalid_input', message: 'bad', fields: { phone: 'invalid phone' } } });
  expect(f.fields.phone).toBe('这一项填写有误，请检查');
});

test('a Chinese server text is kept, with what to do', () => {
  const e = fromResponse(409, { error: { code: 'rating_not_allowed', message: '该留言当前不能评价' } });
  expect(e.message).toBe('该留言当前不能评价。请刷新后再看。');
});

test('5xx and 413 say what happened and what to do', () => {
  expect(fromResponse(503, {}).message).toContain('稍后点“重试”');
  expect(fromResponse(500, '<html>').kind).toBe('unavailable');
  expect(fromResponse(413, {}).message).toContain('5 MB');
});
