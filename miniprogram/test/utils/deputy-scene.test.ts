import { deputyIdFrom, stationIdFrom } from '../../src/utils/scene';

test('a deputy code (scene d=<id>) arrives URL-encoded and gives the deputy id', () => {
  expect(deputyIdFrom({ scene: 'd%3D12' })).toBe(12);
  expect(deputyIdFrom({ scene: 'd=7' })).toBe(7);
  expect(deputyIdFrom({ id: '5' })).toBe(5);
  expect(deputyIdFrom({ deputy_id: '9' })).toBe(9);
});

test('a station code is not a deputy, nor junk', () => {
  expect(deputyIdFrom({ scene: 's%3D12' })).toBe(0);
  expect(stationIdFrom({ scene: 'd%3D12' })).toBe(0);
  expect(deputyIdFrom({ scene: 'd%3Dabc' })).toBe(0);
  expect(deputyIdFrom({ scene: 'd%3D-4' })).toBe(0);
  expect(deputyIdFrom(undefined)).toBe(0);
});
