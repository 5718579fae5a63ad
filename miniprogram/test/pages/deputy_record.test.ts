// The performance file's 群众来信 block: letters written to the deputy, answered, and the
// median time to a first answer; and its 立法征询 line: the opinions the deputy gave on draft
// regulations in the year.
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

describe('performance file: opinions on draft regulations (立法征询)', () => {
  test('the year’s count in a plain line', async () => {
    const p = await open({ legislative_opinions: 3 });
    expect(p.$('.record-legislative').dom.textContent).toContain('立法征询');
    expect(p.$('.record-opinions').dom.textContent).toBe('对法规草案提出意见 3 条。');
  });

  test('none that year: says so instead of a nought', async () => {
    const p = await open({ legislative_opinions: 0 });
    expect(p.$('.record-opinions').dom.textContent).toBe('这一年还没有对法规草案提出意见。');
  });

  test('the previous year shows that year’s count', async () => {
    const p = await open({ legislative_opinions: 2 });
    server.on('GET', '/api/v1/me/record', (c) => ({ body: { ...fx.record, year: Number(c.query.year), legislative_opinions: c.query.year === '2025' ? 5 : 2 } }));
    expect(p.$('.record-opinions').dom.textContent).toBe('对法规草案提出意见 2 条。');
    await p.tap('.record-prev');
    await waitFor(() => p.instance.data.year === 2025 && !p.instance.data.loading && p.$('.record-opinions'), 'the year before');
    expect(p.$('.record-opinions').dom.textContent).toBe('对法规草案提出意见 5 条。');
  });
});
