import { fastConfig, FakeServer, installWx, render, waitFor } from '../helpers';
import * as fx from '../fixtures';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

beforeEach(() => {
  fastConfig();
  server.reset();
  server.on('GET', '/api/v1/stations/12', { body: fx.station });
  server.on('GET', '/api/v1/stations/12/schedule', { body: fx.schedule });
  server.on('GET', '/api/v1/stations/12/answers', { body: fx.answers });
  w = installWx(server);
});

test('a scanned code (scene s%3D12) shows the station, its deputies with their levels', async () => {
  const p = render('station');
  p.instance.onLoad({ scene: 's%3D12' });
  await waitFor(() => p.text().includes('兴宁区民生街道人大代表联络站'), 'station name');
  const t = p.text();
  expect(t).toContain('覃海燕');
  expect(t).toContain('全国人大代表、自治区人大代表');
  expect(t).toContain('韦建国');
  expect(t).toContain('召集人');
  expect(t).toContain('周一至周五 9:00-12:00');
  expect(server.callsTo('GET', '/api/v1/stations/12')).toHaveLength(1);
});
