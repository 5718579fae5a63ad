// The staff's message page offers exactly the steps the message's answer says the reader
// may take now (`actions`, from the server's lifecycle and the reader's role), never a
// table of its own: an assigned deputy sees only the reply, and after a step the buttons
// are those of the step's answer.
import { fastConfig, FakeServer, installWx, meta, render, Rendered, RULES, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';

const server = new FakeServer();

beforeEach(() => {
  fastConfig();
  forgetMeta();
  server.reset();
  server.on('GET', '/api/v1/admin/deputies', { body: fx.deputies });
  installWx(server);
});

async function detail(m: unknown): Promise<Rendered> {
  server.on('GET', '/api/v1/messages/4', { body: m });
  const p = render('staff/message/index');
  p.instance.onLoad({ id: '4' });
  await waitFor(() => p.instance.data.m, 'message');
  return p;
}
const buttons = (p: Rendered) => p.instance.data.actions.map((a: { name: string }) => a.name);

test('an assigned deputy is offered only the reply the server allows', async () => {
  const p = await detail(fx.message({ status: 'assigned', deputy_id: 1, actions: ['reply'] }));
  expect(buttons(p)).toEqual(['reply']);
  expect(p.$('.act-reply')).toBeTruthy();
  expect(p.$('.act-assign')).toBeFalsy();
  expect(p.$('.act-transfer')).toBeFalsy();
});

test('the buttons after a step are the ones its answer carries', async () => {
  server.on('POST', '/api/v1/admin/messages/4/transitions', { body: fx.message({ status: 'replied', reply: '已修好', deputy_id: 1, actions: [] }) });
  const p = await detail(fx.message({ status: 'assigned', deputy_id: 1, actions: ['reply'] }));
  await p.tap('.act-reply');
  p.$('.action-text').dispatchEvent('input', { detail: { value: '已联系交警，本周修好。' } });
  await waitFor(() => p.instance.data.text, 'typed');
  await p.tap('.action-submit');
  await waitFor(() => p.$('.smsg-done'), 'done');
  expect(buttons(p)).toEqual([]);
  // replied, not closed: nothing for this reader now, and the page does not say it is finished
  expect(p.$('.smsg-no-actions').dom.textContent).toBe('现在没有需要您办理的事项。');
});

test('without actions in the answer (an older server) no step is offered; steps not the staff page\'s are left out', async () => {
  const old = fx.message({ status: 'submitted' }) as Record<string, unknown>;
  delete old.actions;
  let p = await detail(old);
  expect(buttons(p)).toEqual([]);
  p = await detail(fx.message({ status: 'accepted', actions: ['hand_over', 'reply'] }));
  expect(buttons(p)).toEqual(['reply']);
});

test('the lengths of a reply, a reason, a promise and a note are those /meta tells', async () => {
  server.on('GET', '/api/v1/meta', { body: { ...meta(), text_limits: { ...RULES.text_limits, reply_max: 800, note_max: 100 } } });
  const p = await detail(fx.message({ status: 'accepted' }));
  await waitFor(() => p.instance.data.limits.reply_max === 800, 'limits from meta');
  expect(p.instance.data.limits.note_max).toBe(100);
  expect(p.instance.data.limits.promise_max).toBe(500);
});
