// The performance file's 群众来信 block: letters written to the deputy, answered, and the
// median time to a first answer.
import { fastConfig, FakeServer, installWx, render, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';
import { forgetMe } from '../../src/api/me';

const server = new FakeServer();

beforeEach(() => {
  fastConfig();
  forgetMeta();
  forgetMe();
  server.reset();
  installWx(server);
});

async function open(over: Record<string, unknown>) {
  server.on('GET', '/api/v1/me/record', (c) => ({ body: { ...fx.record, ...over, year: Number(c.query.year) } }));
  server.on('GET', '/api/v1/me/activities', { body: { items: [], next_cursor: '' } });
  const p = render('deputy/record/index');
  p.instance.onLoad({ year: '2026' });
  await waitFor(() => p.instance.data.total, 'record');
  return p;
}

describe('performance file: letters written to me', () => {
  test('received, answered and the median time to a first answer in days and hours', async () => {
    const p = await open({ messages_received: 4, messages_answered: 3, messages_median_reply_hours: 30.5 });
    expect(p.$('.record-letters').dom.textContent).toContain('群众来信');
    expect(p.$('.record-received').dom.textContent).toBe('4');
    expect(p.$('.record-answered').dom.textContent).toBe('3');
    expect(p.$('.record-median').dom.textContent).toBe('首次答复用时中位数：1天6小时');
  });

  test('none answered yet: says so instead of a time', async () => {
    const p = await open({ messages_received: 1, messages_answered: 0, messages_median_reply_hours: null });
    expect(p.$('.record-received').dom.textContent).toBe('1');
    expect(p.$('.record-answered').dom.textContent).toBe('0');
    expect(p.$('.record-median').dom.textContent).toBe('首次答复用时中位数：还没有答复');
  });

  test('a quick answer reads in hours', async () => {
    const p = await open({ messages_received: 2, messages_answered: 2, messages_median_reply_hours: 2.5 });
    expect(p.$('.record-median').dom.textContent).toBe('首次答复用时中位数：2小时');
  });
});
