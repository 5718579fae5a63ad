// The words and small rules of the deputies' and staff's pages.
import { ApiError, fromResponse } from '../../src/services/errors';
import {
  checkinOpen, checkinRefusal, clockWords, farWords, isoAt, normalizeInvite, periodWords, pickerParts, ruleWords, shanghaiDate, shanghaiTime, spanWords,
} from '../../src/utils/duty';

test('distances as people say them', () => {
  expect(farWords(1820)).toBe('约 1.8 公里');
  expect(farWords(1000)).toBe('约 1.0 公里');
  expect(farWords(650)).toBe('约 650 米');
  expect(farWords(0.4)).toBe('约 1 米');
});

test('refusals of a check-in, with the numbers', () => {
  const outside = fromResponse(403, { error: { code: 'outside_radius', message: 'x', fields: { distance_m: '1820', radius_m: '300' } } });
  expect(checkinRefusal(outside)).toBe('您距会场约 1.8 公里，超出签到范围（300 米）。请到会场后再扫码签到。');
  const near = fromResponse(403, { error: { code: 'outside_radius', message: 'x', fields: { distance_m: '420', radius_m: '300' } } });
  expect(checkinRefusal(near)).toBe('您距会场约 420 米，超出签到范围（300 米）。请到会场后再扫码签到。');
  expect(checkinRefusal(fromResponse(400, { error: { code: 'invalid_code', message: '签到码无效' } }))).toBe('签到码已过期，请重新扫描会场屏幕上的二维码。');
  expect(checkinRefusal(fromResponse(404, { error: { code: 'activity_not_found', message: '活动不存在' } }))).toContain('不在这次活动的邀请名单中');
  expect(checkinRefusal(new Error('boom'))).toBe('出了点问题，请稍后点“重试”。');
});

test('the check-in window: when it opens today, on another day, after the end', () => {
  const closed = fromResponse(403, { error: { code: 'checkin_window_closed', message: '不在签到时间内' } });
  const a = { start_at: '2026-12-03T09:30:00+08:00', end_at: '2026-12-03T11:30:00+08:00' };
  const sameMorning = Date.parse('2026-12-03T07:00:00+08:00');
  expect(checkinRefusal(closed, a, sameMorning)).toBe('签到将于 8:30 开始（活动开始前 1 小时）。请到时再扫码。');
  const dayBefore = Date.parse('2026-12-02T20:00:00+08:00');
  expect(checkinRefusal(closed, a, dayBefore)).toBe('签到将于 12月3日（星期四） 8:30 开始（活动开始前 1 小时）。请到时再扫码。');
  const after = Date.parse('2026-12-03T12:00:00+08:00');
  expect(checkinRefusal(closed, a, after)).toContain('已经结束');
  // a backend that says when it opens is believed
  const told = fromResponse(403, { error: { code: 'checkin_window_closed', message: 'x', fields: { opens_at: '2026-12-03T08:00:00+08:00' } } });
  expect(checkinRefusal(told, a, sameMorning)).toBe('签到将于 8:00 开始（活动开始前 90 分钟）。请到时再扫码。');
  // the fields alone (the activity not at hand) say when it opens and when it closed
  const window = fromResponse(403, { error: { code: 'checkin_window_closed', message: '不在签到时间内', fields: { opens_at: '2026-12-03T08:30:00+08:00', closes_at: '2026-12-03T11:30:00+08:00' } } });
  expect(window.fields).toEqual({ opens_at: '2026-12-03T08:30:00+08:00', closes_at: '2026-12-03T11:30:00+08:00' });
  expect(checkinRefusal(window, null, sameMorning)).toBe('签到将于 8:30 开始。请到时再扫码。');
  expect(checkinRefusal(window, a, sameMorning)).toBe('签到将于 8:30 开始（活动开始前 1 小时）。请到时再扫码。');
  expect(checkinRefusal(window, null, after)).toContain('已经结束');
  // without the fields and without the activity: the rule in words
  expect(checkinRefusal(closed, null, sameMorning)).toBe('现在不在签到时间内（活动开始前 1 小时到活动结束）。');
  expect(checkinRefusal(window, { ...a, status: 'cancelled' }, sameMorning)).toBe('这次活动已取消，不用签到。');
  expect(checkinOpen({ ...a, status: 'published' }, Date.parse('2026-12-03T08:40:00+08:00'))).toBe(true);
  expect(checkinOpen({ ...a, status: 'published' }, Date.parse('2026-12-03T08:20:00+08:00'))).toBe(false);
  expect(checkinOpen({ ...a, status: 'cancelled' }, Date.parse('2026-12-03T09:40:00+08:00'))).toBe(false);
});

test('times in Asia/Shanghai whatever the phone says, and the pickers’ values', () => {
  const t = Date.parse('2026-12-01T23:40:00Z');
  expect(shanghaiDate(t)).toBe('2026-12-02');
  expect(shanghaiTime(t)).toBe('07:40');
  expect(isoAt('2026-12-03', '09:30')).toBe('2026-12-03T09:30:00+08:00');
  expect(pickerParts('2026-12-03T09:30:00+08:00')).toEqual({ date: '2026-12-03', time: '09:30' });
  expect(clockWords('2026-12-03T08:05:00+08:00')).toBe('8:05');
  expect(clockWords('2026-12-03T14:30:00+08:00')).toBe('14:30');
  expect(spanWords('2026-12-03T09:30:00+08:00', '2026-12-03T11:30:00+08:00')).toBe('12月3日（星期四） 09:30–11:30');
  expect(spanWords('2026-12-03T09:30:00+08:00', '2026-12-04T11:30:00+08:00')).toBe('12月3日（星期四） 09:30 至 12月4日（星期五） 11:30');
});

test('compliance periods and rules in words', () => {
  expect(periodWords('2026-03')).toBe('3月');
  expect(periodWords('2026-Q2')).toBe('第二季度');
  expect(periodWords('2026-H1')).toBe('上半年');
  expect(periodWords('2026')).toBe('全年');
  expect(ruleWords('quarter', 2)).toBe('每季度至少 2 次');
});

test('invite codes typed loosely', () => {
  expect(normalizeInvite(' k7qm 3xrt 9hpa ')).toBe('K7QM-3XRT-9HPA');
  expect(normalizeInvite('K7QM-3XRT-9HPA')).toBe('K7QM-3XRT-9HPA');
  expect(normalizeInvite('abc')).toBe('ABC');
});

test('numbers and times in an error’s fields are kept as data, words checked as before', () => {
  const e = fromResponse(400, { error: { code: 'invalid_input', message: 'x', fields: { distance_m: '12', reason: 'bad', note: '请填写' } } }) as ApiError;
  expect(e.fields).toEqual({ distance_m: '12', reason: '这一项填写有误，请检查', note: '请填写' });
});
