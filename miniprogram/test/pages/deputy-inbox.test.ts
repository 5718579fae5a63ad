// The deputy's inbox (群众来信): the messages written to them or given to them by the station,
// newest first, paged; the message with the two steps the server offers a deputy — reply, or
// hand it to the station with a note — and the home's entry with how many wait for them.
import { fastConfig, FakeServer, flush, installWx, meta, render, Rendered, RULES, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';
import { forgetMe } from '../../src/api/me';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;
const me = { id: 1, name: '覃海燕' };

/** Written to the deputy by their code, waiting for them. */
const written = (over: Record<string, unknown> = {}) => fx.message({
  id: 41, code: 'LX2612-A1B2', status: 'submitted', addressee: me, actions: ['reply', 'hand_over'], name: '陈女士',
  content: '村卫生室门口的路灯坏了一个多月，晚上来看病的老人看不清路，希望尽快修好。', created_at: '2026-12-06T20:15:00+08:00', ...over,
});
/** Given to the deputy by the station's staff. */
const assigned = (over: Record<string, unknown> = {}) => fx.message({
  id: 42, code: 'LX2612-C3D4', status: 'assigned', addressee: null, deputy_id: 1, actions: ['reply'], anonymous: true,
  content: '村口公交站没有遮雨棚', created_at: '2026-12-03T09:00:00+08:00', ...over,
});

beforeEach(() => {
  fastConfig();
  forgetMeta();
  forgetMe();
  server.reset();
  server.on('GET', '/api/v1/me', { body: fx.deputyMe });
  w = installWx(server);
  w.storage.set('liaison.session', { token: 'tok', expires_at: '2099-01-01T00:00:00+08:00', user: { id: 9, roles: [] } });
});

// ---- the list ----

async function inbox(): Promise<Rendered> {
  const p = render('deputy/inbox/index');
  p.instance.onLoad({});
  await waitFor(() => !p.instance.data.loading && (p.instance.data.items.length || p.instance.data.error || p.instance.data.empty || p.instance.data.notDeputy), 'inbox');
  return p;
}
const cards = (p: Rendered) => p.comp.querySelectorAll('.dinbox-item').map((c: any) => (c.dom.textContent || '').replace(/\s+/g, ' ').trim());

describe('群众来信', () => {
  test('the messages in the server’s order (newest first): status in words, 写给我 or 联络站交办, the first lines, the date', async () => {
    server.on('GET', '/api/v1/me/inbox', { body: { items: [written(), assigned(), written({ id: 40, actions: [], status: 'submitted', timeline: undefined, content: '小学门口需要斑马线', created_at: '2026-12-01T10:00:00+08:00' })], next_cursor: '' } });
    const p = await inbox();
    const c = cards(p);
    expect(c).toHaveLength(3);
    expect(c[0]).toContain('等您答复');
    expect(c[0]).toContain('写给我');
    expect(c[0]).toContain('村卫生室门口的路灯坏了');
    expect(c[0]).toContain('陈女士 · 2026年12月6日');
    expect(c[1]).toContain('等您答复');
    expect(c[1]).toContain('联络站交办');
    expect(c[1]).toContain('匿名');
    expect(c[1]).not.toContain('写给我');
    expect(c[2]).toContain('联络站在办理');
    expect(c[2]).toContain('写给我');
    expect(p.$('.dinbox-item--waiting')).toBeTruthy();
    expect(server.callsTo('GET', '/api/v1/me/inbox')[0].query).toEqual({ limit: '20' });
    await p.tap('.dinbox-item-42');
    expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/deputy/message/index?id=42' });
  });

  test('a message written to another deputy that the station gave me is 联络站交办', async () => {
    server.on('GET', '/api/v1/me/inbox', { body: { items: [assigned({ addressee: { id: 3, name: '韦建国' } })], next_cursor: '' } });
    const p = await inbox();
    expect(cards(p)[0]).toContain('联络站交办');
  });

  test('more at the bottom: the next page is asked with the cursor and added below', async () => {
    server.on('GET', '/api/v1/me/inbox', (c) => (c.query.cursor === 'p2'
      ? { body: { items: [assigned()], next_cursor: '' } }
      : { body: { items: [written()], next_cursor: 'p2' } }));
    const p = await inbox();
    expect(cards(p)).toHaveLength(1);
    expect(p.$('.dinbox-end')).toBeFalsy();
    await p.tap('.dinbox-more');
    await waitFor(() => cards(p).length === 2, 'second page');
    expect(server.callsTo('GET', '/api/v1/me/inbox').map((c) => c.query.cursor)).toEqual([undefined, 'p2']);
    expect(cards(p)[1]).toContain('村口公交站');
    expect(p.$('.dinbox-more')).toBeFalsy();
    expect(p.text()).toContain('没有更早的信了');
    // scrolling to the bottom with nothing more asks nothing
    p.instance.onReachBottom();
    await flush();
    expect(server.callsTo('GET', '/api/v1/me/inbox')).toHaveLength(2);
  });

  test('pull to refresh reads the list afresh (not added twice) and stops the spinner', async () => {
    let n = 0;
    server.on('GET', '/api/v1/me/inbox', () => {
      n++;
      return { body: { items: n === 1 ? [assigned()] : [written(), assigned()], next_cursor: '' } };
    });
    const p = await inbox();
    expect(cards(p)).toHaveLength(1);
    p.instance.onPullDownRefresh();
    await waitFor(() => (w.wx.stopPullDownRefresh as jest.Mock).mock.calls.length === 1, 'refresh done');
    expect(cards(p)).toHaveLength(2);
    expect(cards(p)[0]).toContain('写给我');
  });

  test('nobody has written yet: says so plainly', async () => {
    server.on('GET', '/api/v1/me/inbox', { body: { items: [], next_cursor: '' } });
    const p = await inbox();
    expect(p.text()).toContain('还没有群众给您写信');
    expect(p.text()).toContain('扫您的代表码');
  });

  test('a failed list says what happened; 重试 reads it again', async () => {
    server.on('GET', '/api/v1/me/inbox', (_c, n) => (n <= 3 ? { fail: true } : { body: { items: [written()], next_cursor: '' } }));
    const p = await inbox();
    expect(p.instance.data.error).toBeTruthy();
    expect(p.text()).toContain('网络');
    await p.tap('.state__retry');
    await waitFor(() => cards(p).length === 1, 'list after retry');
  });

  test('someone who is not (yet) a deputy is led to confirm their identity', async () => {
    server.on('GET', '/api/v1/me/inbox', { status: 403, body: { error: { code: 'forbidden', message: '无权访问' } } });
    const p = await inbox();
    expect(p.text()).toContain('还没有确认您的代表身份');
    await p.tap('.dinbox-bind');
    expect(w.wx.redirectTo).toHaveBeenCalledWith({ url: '/deputy/bind/index?next=' + encodeURIComponent('/deputy/inbox/index') });
  });
});

// ---- the message ----

async function letter(m: unknown): Promise<Rendered> {
  server.on('GET', '/api/v1/messages/41', { body: m });
  const p = render('deputy/message/index');
  p.instance.onLoad({ id: '41' });
  await waitFor(() => p.instance.data.m, 'message');
  return p;
}
const steps = (p: Rendered) => p.instance.data.steps.map((s: { name: string }) => s.name);
async function type(p: Rendered, text: string) {
  p.$('.step-text').dispatchEvent('input', { detail: { value: text } });
  await waitFor(() => p.instance.data.text === text, 'typed');
}

describe('the message as the deputy reads it', () => {
  test('written to me: the content, who wrote, and the two steps the server offers', async () => {
    const p = await letter(written());
    expect(p.text()).toContain('等您答复');
    expect(p.text()).toContain('写给我');
    expect(p.text()).toContain('村卫生室门口的路灯坏了一个多月');
    expect(p.text()).toContain('留言人：陈女士');
    expect(steps(p)).toEqual(['reply', 'hand_over']);
    expect(p.$('.step-reply').dom.textContent).toBe('答复群众');
    expect(p.$('.step-hand_over').dom.textContent).toBe('转交联络站办理');
  });

  test('the writer’s phone as the server gives it to the deputy: a full number can be called, a masked one not', async () => {
    let p = await letter(written({ phone: '13800130099' }));
    expect(p.text()).toContain('电话：13800130099');
    await p.tap('.dmsg-call');
    expect(w.wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13800130099' });
    p = await letter(written({ phone: '138****0099' }));
    expect(p.text()).toContain('电话：138****0099');
    expect(p.$('.dmsg-call')).toBeFalsy();
  });

  test('the hand-over sends the action and the note; the page shows the result and the steps so far', async () => {
    server.on('POST', '/api/v1/admin/messages/41/transitions', (c) => ({ body: written({
      actions: [],
      timeline: [{ action: 'submit', at: '2026-12-06T20:15:00+08:00', note: '' }, { action: 'hand_over', at: '2026-12-07T08:30:00+08:00', note: c.data.note }],
    }) }));
    const p = await letter(written());
    await p.tap('.step-hand_over');
    expect(p.text()).toContain('写明为什么转交、需要联络站做什么');
    await type(p, '要换路灯杆，需要镇里安排电工');
    await p.tap('.step-submit');
    await waitFor(() => p.$('.dmsg-done'), 'done');
    expect(w.wx.showModal).toHaveBeenCalledTimes(1);
    expect(server.callsTo('POST', '/api/v1/admin/messages/41/transitions')[0].data).toEqual({ action: 'hand_over', note: '要换路灯杆，需要镇里安排电工' });
    expect(p.text()).toContain('已转交联络站办理');
    expect(p.text()).toContain('代表转交联络站办理');
    expect(p.text()).toContain('要换路灯杆，需要镇里安排电工');
    expect(steps(p)).toEqual([]);
    expect(p.$('.step-reply')).toBeFalsy();
    expect(p.$('.dmsg-no-steps').dom.textContent).toContain('您已转交联络站办理');
  });

  test('a hand-over without a note asks for one and sends nothing; declining the confirmation sends nothing', async () => {
    const p = await letter(written());
    await p.tap('.step-hand_over');
    await p.tap('.step-submit');
    await waitFor(() => p.$('.err-text'), 'note error');
    expect(p.text()).toContain('请写一句为什么转交');
    (w.wx.showModal as jest.Mock).mockImplementation((o: any) => setTimeout(() => o.success({ confirm: false, cancel: true }), 0));
    await type(p, '需要镇里安排');
    await p.tap('.step-submit');
    await flush();
    await flush();
    expect(server.callsTo('POST', '/api/v1/admin/messages/41/transitions')).toHaveLength(0);
  });

  test('the reply is sent as a reply; the answer shows it and offers nothing more', async () => {
    server.on('POST', '/api/v1/admin/messages/41/transitions', (c) => ({ body: written({
      status: 'replied', reply: c.data.reply, actions: [],
      timeline: [{ action: 'submit', at: '2026-12-06T20:15:00+08:00', note: '' }, { action: 'reply', at: '2026-12-07T08:30:00+08:00', note: '' }],
    }) }));
    const p = await letter(written());
    await p.tap('.step-reply');
    await type(p, '陈女士您好：已和村委会商量，下周一换好路灯。');
    await p.tap('.step-submit');
    await waitFor(() => p.$('.dmsg-done'), 'done');
    expect(w.wx.showModal).not.toHaveBeenCalled();
    expect(server.callsTo('POST', '/api/v1/admin/messages/41/transitions')[0].data).toEqual({ action: 'reply', reply: '陈女士您好：已和村委会商量，下周一换好路灯。' });
    expect(p.text()).toContain('答复已发出');
    expect(p.$('.dmsg-reply').dom.textContent).toBe('陈女士您好：已和村委会商量，下周一换好路灯。');
    expect(p.$('.dmsg-status').dom.textContent).toBe('已答复');
    expect(steps(p)).toEqual([]);
  });

  test('the buttons follow actions: a message the station gave me offers the reply only, no hand-over', async () => {
    const p = await letter(assigned({ id: 41 }));
    expect(steps(p)).toEqual(['reply']);
    expect(p.$('.step-reply')).toBeTruthy();
    expect(p.$('.step-hand_over')).toBeFalsy();
    expect(p.text()).toContain('联络站交办');
    expect(p.text()).toContain('留言人要求匿名');
  });

  test('no actions (handed over before): no buttons, and the page says who handles it', async () => {
    const p = await letter(written({ actions: [], timeline: [{ action: 'submit', at: '2026-12-06T20:15:00+08:00', note: '' }, { action: 'hand_over', at: '2026-12-07T08:30:00+08:00', note: '需要镇里' }] }));
    expect(steps(p)).toEqual([]);
    expect(p.$('.step-reply')).toBeFalsy();
    expect(p.$('.step-hand_over')).toBeFalsy();
    expect(p.text()).toContain('您已转交联络站办理，联络站会接着办');
  });

  test('handed over by the deadline, not by the deputy: the page does not say the deputy did it', async () => {
    // The server's automatic hand-over (messages_deputy_deadline): handed_over_late, and its note in the timeline.
    const p = await letter(written({
      actions: [], handed_over_at: '2026-12-10T00:00:00+08:00', handed_over_late: true,
      timeline: [{ action: 'submit', at: '2026-12-06T20:15:00+08:00', note: '' }, { action: 'hand_over', at: '2026-12-10T00:00:00+08:00', note: '代表未在期限内处理，已转交联络站办理' }],
    }));
    expect(steps(p)).toEqual([]);
    expect(p.$('.dmsg-no-steps').dom.textContent).toContain('超过了办理期限，已自动转交联络站办理');
    expect(p.text()).not.toContain('您已转交联络站办理');
  });

  test('after the hand-over the steps the station took show, with their answer; the deputy’s note is said once', async () => {
    const p = await letter(written({
      status: 'replied', actions: [], reply: '已请镇里安排电工，周五换好路灯杆。',
      timeline: [
        { action: 'submit', at: '2026-12-06T20:15:00+08:00', note: '' },
        { action: 'hand_over', at: '2026-12-07T08:30:00+08:00', note: '代表转交联络站办理；要换路灯杆，需要镇里安排电工' },
        { action: 'accept', at: '2026-12-07T09:00:00+08:00', note: '' },
        { action: 'reply', at: '2026-12-08T15:00:00+08:00', note: '已请镇里安排电工，周五换好路灯杆。' },
      ],
    }));
    const events = p.instance.data.m.timeline as { title: string; note: string }[];
    expect(events.map((e) => e.title)).toEqual(['群众留言', '代表转交联络站办理', '联络站受理', '答复群众']);
    expect(events[1].note).toBe('要换路灯杆，需要镇里安排电工');
    expect(p.$('.dmsg-status').dom.textContent).toBe('已答复');
    expect(p.$('.dmsg-reply').dom.textContent).toBe('已请镇里安排电工，周五换好路灯杆。');
    expect(p.$('.dmsg-no-steps').dom.textContent).toContain('您已转交联络站办理');
  });

  test('the station handled it meanwhile (409): explained, and the message shown afresh', async () => {
    let reads = 0;
    server.on('GET', '/api/v1/messages/41', () => {
      reads++;
      return { body: reads === 1 ? written() : written({ status: 'accepted', actions: [] }) };
    });
    server.on('POST', '/api/v1/admin/messages/41/transitions', { status: 409, body: { error: { code: 'conflict', message: '状态已变化' } } });
    const p = render('deputy/message/index');
    p.instance.onLoad({ id: '41' });
    await waitFor(() => p.instance.data.m, 'message');
    await p.tap('.step-reply');
    await type(p, '好的，我去看看');
    await p.tap('.step-submit');
    await waitFor(() => p.$('.dmsg-conflict'), 'conflict');
    expect(p.text()).toContain('这封信刚刚有了新进展');
    await waitFor(() => steps(p).length === 0, 'fresh actions');
  });

  test('the note’s and the reply’s lengths are those /meta tells', async () => {
    server.on('GET', '/api/v1/meta', { body: { ...meta(), text_limits: { ...RULES.text_limits, reply_max: 800, note_max: 120 } } });
    const p = await letter(written());
    await waitFor(() => p.instance.data.limits.note_max === 120, 'limits from meta');
    expect(p.instance.data.limits.reply_max).toBe(800);
  });
});

// ---- the home's entry ----

describe('the home’s 群众来信 entry', () => {
  async function home(): Promise<Rendered> {
    const p = render('index');
    p.instance.onLoad({});
    await waitFor(() => p.$('.home-deputy'), 'deputy entries');
    return p;
  }

  test('counts the messages that wait for the deputy’s reply, and opens the inbox', async () => {
    server.on('GET', '/api/v1/me/inbox', { body: { items: [written(), assigned(), written({ id: 40, actions: [], status: 'replied' })], next_cursor: '' } });
    const p = await home();
    await waitFor(() => p.instance.data.inboxWaiting, 'count');
    expect(p.$('.home-inbox-deputy').dom.textContent).toBe('群众来信（2 封等您答复）');
    await p.tap('.home-inbox-deputy');
    expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/deputy/inbox/index' });
  });

  test('the count reads every page', async () => {
    server.on('GET', '/api/v1/me/inbox', (c) => (c.query.cursor === 'p2'
      ? { body: { items: [assigned()], next_cursor: '' } }
      : { body: { items: [written()], next_cursor: 'p2' } }));
    const p = await home();
    await waitFor(() => p.instance.data.inboxWaiting === '2', 'count over two pages');
  });

  test('nothing waiting: the entry without a count; staff only: no entry and no inbox asked', async () => {
    server.on('GET', '/api/v1/me/inbox', { body: { items: [written({ actions: [], status: 'replied' })], next_cursor: '' } });
    const p = await home();
    await waitFor(() => server.callsTo('GET', '/api/v1/me/inbox').length === 1, 'inbox asked');
    await flush();
    expect(p.$('.home-inbox-deputy').dom.textContent).toBe('群众来信');

    forgetMe();
    server.on('GET', '/api/v1/me', { body: fx.staffMe });
    const s = render('index');
    s.instance.onLoad({});
    await waitFor(() => s.$('.home-staff'), 'staff entries');
    await flush();
    expect(s.$('.home-inbox-deputy')).toBeFalsy();
    expect(server.callsTo('GET', '/api/v1/me/inbox')).toHaveLength(1);
  });
});
