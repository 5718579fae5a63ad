import { parseScene, stationIdFrom } from '../../src/utils/scene';
import { dayWords, distanceWords, levelWords, statusWords } from '../../src/utils/format';

test('the scene of a station code arrives URL-encoded and gives the station id', () => {
  expect(parseScene('s%3D12')).toEqual({ s: '12' });
  expect(stationIdFrom({ scene: 's%3D12' })).toBe(12);
  expect(stationIdFrom({ scene: 's=7' })).toBe(7);
  expect(stationIdFrom({ scene: 's%3D12%26x%3D1' })).toBe(12);
});

test('links inside the mini program pass id or station_id; junk gives no station', () => {
  expect(stationIdFrom({ id: '5' })).toBe(5);
  expect(stationIdFrom({ station_id: '9' })).toBe(9);
  expect(stationIdFrom({ scene: 's%3Dabc' })).toBe(0);
  expect(stationIdFrom({ scene: '%E0%A4%A' })).toBe(0);
  expect(stationIdFrom({ id: '-3' })).toBe(0);
  expect(stationIdFrom(undefined)).toBe(0);
});

test('levels, days, distances and statuses in words', () => {
  expect(levelWords(['national', 'township'])).toBe('全国人大代表、乡镇人大代表');
  expect(dayWords('2026-12-03T09:30:00+08:00')).toBe('12月3日（星期四）');
  expect(distanceWords(345)).toBe('距您约 350 米');
  expect(distanceWords(2400)).toBe('距您约 2.4 公里');
  expect(statusWords('replied')).toBe('已答复，请您评价');
  expect(statusWords('something_new')).toBe('办理中');
});
