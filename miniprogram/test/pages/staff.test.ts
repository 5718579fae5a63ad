// The staff's pages: inbox, message handling, walk-in, activities, the venue, compliance.
import { fastConfig, FakeServer, flush, installWx, render, Rendered, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';
import { forgetStations } from '../../src/services/staff';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;
const g = () => (global as any).wx;

const station = { id: 12, name: '兴宁区民生街道人大代表联络站', area_code: '450102001', address: '南宁市兴宁区民生路88号', latitude: 22.81735, longitude: 108.31899, checkin_radius_m: 300 };
const station2 = { id: 13, name: '兴宁区朝阳街道人大代表联络站', area_code: '450102002', address: '朝阳路1号', latitude: 22.82, longitude: 108.32, checkin_radius_m: 200 };

beforeEach(() => {
  fastConfig();
  forgetMeta();
  forgetStations();
  server.reset();
  server.on('GET', '/api/v1/admin/stations', { body: { items: [station], next_cursor: '' } });
  server.on('GET', '/api/v1/admin/deputies', { body: fx.deputies });
  server.on('GET', '/api/v1/admin/groups', { body: { items: [{ id: 4, name: '医卫界代表小组', kind: 'profession', deputy_ids: [1, 2] }], next_cursor: '' } });
  server.on('GET', '/api/v1/admin/units', { body: { items: [{ id: 8, name: '兴宁区住房和城乡建设局', contact_name: '王科长', contact_phone: '0771-5550001' }], next_cursor: '' } });
  w = installWx(server);
});

// ---- inbox ----

describe('inbox', () => {
  const overdueMsg = fx.message({ id: 5, code: 'LX2612-7K3Q', overdue: true, name: '陈女士' });
  function inboxRoutes() {
    server.on('GET', '/api/v1/admin/messages', (c) => {
      if (c.query.overdue === 'true') return { body: { items: [overdueMsg], next_cursor: '' } };
      if (c.query.status === 'submitted') return { body: { items: [fx.message({ name: '陈女士' }), overdueMsg], next_cursor: '' } };
      if (c.query.status === 'replied') return { body: { items: [fx.message({ id: 6, code: 'LX2612-AB2C', status: 'replied', reply: '好' })], next_cursor: '' } };
      return { body: { items: [fx.message({ name: '陈女士' }), overdueMsg, fx.message({ id: 6, code: 'LX2612-AB2C', status: 'replied' })], next_cursor: '' } };
    });
  }
  async function open(): Promise<Rendered> {
    inboxRoutes();
    const p = render('staff/inbox/index');
    p.instance.onLoad({});
    await waitFor(() => p.instance.data.items.length, 'items');
    return p;
  }

  test('opens on 待受理 with the overdue badge and due dates', async () => {
    const p = await open();
    expect(server.callsTo('GET', '/api/v1/admin/messages')[0].query.status).toBe('submitted');
    await waitFor(() => p.instance.data.overdueCount === '1', 'badge');
    expect(p.$('.inbox-overdue-count').dom.textContent).toBe('1');
    const t = p.text();
    expect(t).toContain('LX2612-5CKM');
    expect(t).toContain('陈女士');
    expect(t).toContain('应在 2026年12月8日 前受理');
    expect(t).toContain('已超期');
  });

  test('a message written to a deputy (代表码) names the deputy in the list', async () => {
    server.on('GET', '/api/v1/admin/messages', { body: { items: [fx.message({ addressee: { id: 3, name: '韦建国' } }), fx.message({ id: 6, code: 'LX2612-AB2C' })], next_cursor: '' } });
    const p = render('staff/inbox/index');
    p.instance.onLoad({});
    await waitFor(() => p.instance.data.items.length === 2, 'items');
    expect(p.$('.inbox-item-4 .inbox-item__addressee').dom.textContent).toBe('写给韦建国代表');
    expect(p.$('.inbox-item-6 .inbox-item__addressee')).toBeFalsy();
  });

  test('a tab asks for its status; 只看超期 filters', async () => {
    const p = await open();
    await p.tap('.tab-replied');
    await waitFor(() => p.text().includes('LX2612-AB2C') && !p.text().includes('LX2612-5CKM'), 'replied tab');
    await p.tap('.inbox-overdue');
    await waitFor(() => server.calls.some((c) => c.path === '/api/v1/admin/messages' && c.query.overdue === 'true' && c.query.status === 'replied'), 'overdue filter');
  });

  test('search by tracking code finds the message', async () => {
    const p = await open();
    p.$('.inbox-query').dispatchEvent('input', { detail: { value: 'lx2612-7k3q' } });
    await flush();
    await p.tap('.inbox-search');
    await waitFor(() => p.instance.data.searching === 'LX2612-7K3Q' && !p.instance.data.loading, 'search');
    expect(p.instance.data.items.map((i: any) => i.code)).toEqual(['LX2612-7K3Q']);
    expect(server.calls.filter((c) => c.path === '/api/v1/admin/messages' && c.query.code === 'LX2612-7K3Q')).toHaveLength(1);
    await p.tap('.inbox-item-5');
    expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/message/index?id=5' });
  });

  test('a code that matches nothing says so', async () => {
    const p = await open();
    p.$('.inbox-query').dispatchEvent('input', { detail: { value: 'LX2612-ZZZZ' } });
    await flush();
    await p.tap('.inbox-search');
    await waitFor(() => p.text().includes('没有找到查询码含“LX2612-ZZZZ”的留言'), 'empty');
  });

  test('area staff get a station filter', async () => {
    server.on('GET', '/api/v1/admin/stations', { body: { items: [station, station2], next_cursor: '' } });
    const p = await open();
    expect(p.text()).toContain('联络站：全部联络站');
    p.$('.inbox-station').dispatchEvent('change', { detail: { value: 2 } });
    await waitFor(() => server.calls.some((c) => c.path === '/api/v1/admin/messages' && c.query.station_id === '13'), 'station filter');
  });

  test('not staff (403): offers the invite page', async () => {
    server.on('GET', '/api/v1/admin/messages', { status: 403, body: { error: { code: 'forbidden', message: '需要工作人员权限' } } });
    const p = render('staff/inbox/index');
    p.instance.onLoad({});
    await waitFor(() => p.$('.inbox-redeem'), 'redeem');
  });
});

// ---- message handling ----

describe('message handling', () => {
  async function detail(m: unknown): Promise<Rendered> {
    server.on('GET', '/api/v1/messages/4', { body: m });
    const p = render('staff/message/index');
    p.instance.onLoad({ id: '4' });
    await waitFor(() => p.instance.data.m, 'message');
    return p;
  }
  const actionsShown = (p: Rendered) => p.instance.data.actions.map((a: any) => a.name);

  test('a new message offers only accept and reject; accept is confirmed and done', async () => {
    server.on('POST', '/api/v1/admin/messages/4/transitions', { body: fx.message({ status: 'accepted', phone: '13800130088' }) });
    const p = await detail(fx.message({ name: '陈女士', phone: '13800130088' }));
    expect(actionsShown(p)).toEqual(['accept', 'reject']);
    expect(p.text()).toContain('留言人：陈女士');
    await p.tap('.act-accept');
    await p.tap('.action-submit');
    await waitFor(() => p.$('.smsg-done'), 'done');
    expect(g().showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确定受理吗？', content: expect.stringContaining('同意了微信通知的群众会收到通知') }));
    expect(server.callsTo('POST', '/api/v1/admin/messages/4/transitions')[0].data).toEqual({ action: 'accept' });
    expect(actionsShown(p)).toEqual(['assign', 'reply']);
    await p.tap('.smsg-call');
    expect(w.wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13800130088' });
  });

  test('reply: the text is required, then sent with the note', async () => {
    server.on('POST', '/api/v1/admin/messages/4/transitions', (c) => ({ body: fx.message({ status: 'replied', reply: c.data.reply }) }));
    const p = await detail(fx.message({ status: 'accepted' }));
    await p.tap('.act-reply');
    await p.tap('.action-submit');
    await waitFor(() => p.$('.err-text'), 'required');
    p.$('.action-text').dispatchEvent('input', { detail: { value: '已协调交警把绿灯延长到 45 秒。' } });
    p.$('.action-note').dispatchEvent('input', { detail: { value: '电话告知' } });
    await flush();
    await p.tap('.action-submit');
    await waitFor(() => p.text().includes('已答复，待评价'), 'replied');
    expect(server.callsTo('POST', '/api/v1/admin/messages/4/transitions')[0].data).toEqual({ action: 'reply', reply: '已协调交警把绿灯延长到 45 秒。', note: '电话告知' });
  });

  test('a reply naming someone or with a number: what the server warns is shown after it', async () => {
    const warning = '答复中含有电话号码或姓名：公开时电话号码会被遮盖，姓名不会。如果写进了群众的个人信息，请在电脑管理后台的这条留言页点“撤下公开”。';
    server.on('POST', '/api/v1/admin/messages/4/transitions', (c) => ({ body: { ...fx.message({ status: 'replied', reply: c.data.reply, publish: true }), warnings: [warning] } }));
    const p = await detail(fx.message({ status: 'accepted', publish: true }));
    await p.tap('.act-reply');
    p.$('.action-text').dispatchEvent('input', { detail: { value: '李先生您好，请拨打 0771-5551234 联系住建局。' } });
    await flush();
    await p.tap('.action-submit');
    await waitFor(() => p.$('.smsg-warnings'), 'warnings');
    expect(p.$('.smsg-done').dom.textContent).toBe('已答复群众。');
    expect(p.$('.smsg-warnings').dom.textContent).toContain(warning);
    expect(p.$('.smsg-warnings').dom.textContent).toContain('这条答复会出现在联络站的公开答复里');
    expect(g().pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#smsg-result' }));
    expect(p.$('#smsg-result')).toBeTruthy();
    // the next action clears them
    await p.tap('.act-promise');
    expect(p.$('.smsg-warnings')).toBeFalsy();
  });

  test('a reply without warnings shows none', async () => {
    server.on('POST', '/api/v1/admin/messages/4/transitions', (c) => ({ body: fx.message({ status: 'replied', reply: c.data.reply }) }));
    const p = await detail(fx.message({ status: 'accepted' }));
    await p.tap('.act-reply');
    p.$('.action-text').dispatchEvent('input', { detail: { value: '已协调交警把绿灯延长到 45 秒。' } });
    await flush();
    await p.tap('.action-submit');
    await waitFor(() => p.$('.smsg-done'), 'done');
    expect(p.$('.smsg-warnings')).toBeFalsy();
  });

  test('an action form error scrolls to its field', async () => {
    const p = await detail(fx.message({ status: 'accepted' }));
    await p.tap('.act-reply');
    await p.tap('.action-submit');
    await waitFor(() => p.$('.err-text'), 'required');
    await waitFor(() => g().pageScrollTo.mock.calls.length, 'scrolled');
    expect(g().pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-text' }));
    expect(p.$('#field-text').dom.querySelector('[class*="err-text"]')).toBeTruthy();
  });

  test('assign: the station’s deputies to pick from', async () => {
    server.on('POST', '/api/v1/admin/messages/4/transitions', { body: fx.message({ status: 'assigned', deputy_id: 2 }) });
    const p = await detail(fx.message({ status: 'accepted' }));
    await p.tap('.act-assign');
    await waitFor(() => p.instance.data.deputies.length === 3, 'deputies');
    expect(server.callsTo('GET', '/api/v1/admin/deputies')[0].query.station_id).toBe('12');
    await p.tap('.action-submit');
    await waitFor(() => p.$('.err-pick'), 'pick first');
    p.$('.pick-deputy').dispatchEvent('change', { detail: { value: 1 } });
    await flush();
    await p.tap('.action-submit');
    await waitFor(() => p.text().includes('已交代表办理'), 'assigned');
    await waitFor(() => p.$('.smsg-deputy'), 'deputy name');
    expect(p.$('.smsg-deputy').dom.textContent).toBe('办理代表：黄秀兰');
    expect(server.callsTo('POST', '/api/v1/admin/messages/4/transitions')[0].data).toEqual({ action: 'assign', deputy_id: 2 });
  });

  test('transfer to a unit', async () => {
    server.on('POST', '/api/v1/admin/messages/4/transitions', { body: fx.message({ status: 'transferred', unit_id: 8 }) });
    const p = await detail(fx.message({ status: 'assigned', deputy_id: 1 }));
    expect(actionsShown(p)).toEqual(['assign', 'transfer', 'reply']);
    await waitFor(() => p.$('.smsg-deputy'), 'deputy name');
    expect(p.$('.smsg-deputy').dom.textContent).toBe('办理代表：覃海燕');
    await p.tap('.act-transfer');
    await waitFor(() => p.instance.data.units.length === 1, 'units');
    p.$('.pick-unit').dispatchEvent('change', { detail: { value: 0 } });
    await flush();
    await p.tap('.action-submit');
    await waitFor(() => p.text().includes('已转交部门'), 'transferred');
    expect(p.text()).toContain('承办单位：兴宁区住房和城乡建设局');
    expect(server.callsTo('POST', '/api/v1/admin/messages/4/transitions')[0].data).toEqual({ action: 'transfer', unit_id: 8 });
  });

  test('promise: the matter and a future due date', async () => {
    server.on('POST', '/api/v1/admin/messages/4/transitions', { body: fx.message({ status: 'promised', reply: '好', promise: '修好路灯' }) });
    const p = await detail(fx.message({ status: 'replied', reply: '好' }));
    expect(actionsShown(p)).toEqual(['promise', 'close']);
    await p.tap('.act-promise');
    await p.tap('.action-submit');
    await waitFor(() => p.$('.err-promise') && p.$('.err-due'), 'both required');
    p.$('.action-promise').dispatchEvent('input', { detail: { value: '修好路灯' } });
    p.$('.pick-due').dispatchEvent('change', { detail: { value: '2099-12-31' } });
    await flush();
    await p.tap('.action-submit');
    await waitFor(() => p.text().includes('已承诺，待落实'), 'promised');
    expect(server.callsTo('POST', '/api/v1/admin/messages/4/transitions')[0].data).toEqual({ action: 'promise', promise: '修好路灯', due_at: '2099-12-31T09:00:00+08:00' });
  });

  test('reject needs a reason', async () => {
    server.on('POST', '/api/v1/admin/messages/4/transitions', (c) => ({ body: fx.message({ status: 'rejected', reject_reason: c.data.reason }) }));
    const p = await detail(fx.message());
    await p.tap('.act-reject');
    p.$('.action-text').dispatchEvent('input', { detail: { value: '不属于受理范围，建议拨打 12345' } });
    await flush();
    await p.tap('.action-submit');
    await waitFor(() => p.text().includes('不予受理的理由：不属于受理范围'), 'rejected');
    expect(p.text()).toContain('不需要再办理');
  });

  test('a 409 (someone else handled it) is explained and the message shown afresh', async () => {
    server.on('POST', '/api/v1/admin/messages/4/transitions', { status: 409, body: { error: { code: 'transition_not_allowed', message: '留言当前状态不允许该操作' } } });
    const p = await detail(fx.message());
    server.on('GET', '/api/v1/messages/4', { body: fx.message({ status: 'accepted' }) });
    await p.tap('.act-accept');
    await p.tap('.action-submit');
    await waitFor(() => p.$('.smsg-conflict'), 'conflict');
    expect(p.text()).toContain('这条留言的状态刚刚变了（可能别的工作人员已经处理过），现在不能再“受理”。已为您刷新');
    expect(p.text()).not.toContain('transition_not_allowed');
    await waitFor(() => p.instance.data.m.status === 'accepted', 'refreshed');
    expect(actionsShown(p)).toEqual(['assign', 'reply']);
  });

  test('content security’s doubt is shown to staff', async () => {
    const p = await detail(fx.message({ review: 'review' }));
    expect(p.$('.smsg-review').dom.textContent).toContain('可能有不当内容，请先人工查看');
  });

  test('a message written to a deputy who handed it over: said so, and the deputy’s note once in the steps', async () => {
    const p = await detail(fx.message({
      addressee: { id: 3, name: '韦建国' },
      timeline: [
        { action: 'submit', at: '2026-12-02T06:42:13+08:00', note: '' },
        { action: 'hand_over', at: '2026-12-02T10:00:00+08:00', note: '代表转交联络站办理；修路要镇里安排' },
      ],
    }));
    expect(p.$('.smsg-addressee').dom.textContent).toBe('群众扫代表码写给韦建国代表');
    const events = p.instance.data.m.timeline as { title: string; note: string }[];
    expect(events[1]).toMatchObject({ title: '代表转交联络站办理', note: '修路要镇里安排' });
  });

  test('a closed message offers no action', async () => {
    const p = await detail(fx.message({ status: 'closed', reply: '已修好', rating: 'satisfied' }));
    expect(actionsShown(p)).toEqual([]);
    expect(p.text()).toContain('群众评价：满意');
  });
});

// ---- walk-in ----

describe('walk-in', () => {
  async function form(): Promise<Rendered> {
    const p = render('staff/walk-in/index');
    p.instance.onLoad({});
    await waitFor(() => p.instance.data.categories.length, 'form');
    return p;
  }

  test('entered for a caller with recorded consent; the tracking code is shown', async () => {
    server.on('POST', '/api/v1/admin/stations/12/messages', { status: 201, body: { id: 9, code: 'LX2612-W4LK', status: 'submitted', created_at: '2026-12-02T10:00:00+08:00' } });
    const p = await form();
    await p.tap('.cat-transport');
    p.$('.walkin-content').dispatchEvent('input', { detail: { value: '村口公交站没有遮雨棚，老人等车淋雨' } });
    p.$('.walkin-name').dispatchEvent('input', { detail: { value: '李大爷' } });
    p.$('.walkin-phone').dispatchEvent('input', { detail: { value: '138 0013 0099' } });
    await flush();
    await p.tap('.walkin-consent');
    await p.tap('.walkin-submit');
    await waitFor(() => p.$('.walkin-code'), 'done');
    expect(p.$('.walkin-code').dom.textContent).toBe('LX2612-W4LK');
    expect(server.callsTo('POST', '/api/v1/admin/stations/12/messages')[0].data).toEqual({
      category: 'transport', content: '村口公交站没有遮雨棚，老人等车淋雨', image_ids: [], anonymous: false, publish: false,
      on_behalf: { name: '李大爷', phone: '13800130099', consent: true, publish_consent: false },
    });
  });

  test('photos the person brought are taken, uploaded and attached', async () => {
    server.on('POST', '/api/v1/uploads', (_c, n) => ({ status: 201, body: { id: 70 + n, url: `/api/v1/uploads/${70 + n}` } }));
    server.on('POST', '/api/v1/admin/stations/12/messages', { status: 201, body: { id: 9, code: 'LX2612-W4LK', status: 'submitted', created_at: '2026-12-02T10:00:00+08:00' } });
    const p = await form();
    g().chooseMedia = jest.fn((o: any) => setTimeout(() => o.success({ tempFiles: [{ tempFilePath: 'wxfile://a.jpg', size: 1000 }, { tempFilePath: 'wxfile://b.jpg', size: 9 * 1024 * 1024 }] }), 0));
    await p.tap('.walkin-add-photo');
    await waitFor(() => p.instance.data.photos.length === 2 && p.instance.data.photos[0].status === 'done', 'uploaded');
    expect(p.instance.data.photos[1].error).toBe('照片超过 5 MB');
    await p.tap('.cat-transport');
    p.$('.walkin-content').dispatchEvent('input', { detail: { value: '村口的桥栏杆断了，照片是他拍的' } });
    p.$('.walkin-name').dispatchEvent('input', { detail: { value: '李大爷' } });
    p.$('.walkin-phone').dispatchEvent('input', { detail: { value: '13800130099' } });
    await flush();
    await p.tap('.walkin-consent');
    await p.tap('.walkin-submit');
    await waitFor(() => p.$('.err-photos'), 'the big photo stops it');
    await p.tap('.wphoto-remove-1');
    await p.tap('.walkin-submit');
    await waitFor(() => p.$('.walkin-code'), 'done');
    expect(server.callsTo('POST', '/api/v1/admin/stations/12/messages')[0].data.image_ids).toEqual([71]);
  });

  async function fillWalkIn(p: Rendered) {
    await p.tap('.cat-transport');
    p.$('.walkin-content').dispatchEvent('input', { detail: { value: '村口公交站没有遮雨棚，老人等车淋雨' } });
    p.$('.walkin-name').dispatchEvent('input', { detail: { value: '李大爷' } });
    p.$('.walkin-phone').dispatchEvent('input', { detail: { value: '13800130099' } });
    await flush();
    await p.tap('.walkin-consent');
  }

  test('consent to publish the answer is a separate choice, unticked at first, and sent only as ticked', async () => {
    server.on('POST', '/api/v1/admin/stations/12/messages', { status: 201, body: { id: 9, code: 'LX2612-W4LK', status: 'submitted', created_at: '2026-12-02T10:00:00+08:00' } });
    const p = await form();
    expect(p.$('.walkin-publish').dom.textContent).toContain('他同意：答复后，留言和答复可以在联络站页面公开');
    expect(p.instance.data.publishConsent).toBe(false);
    expect(p.$('.walkin-publish').dom.getAttribute('aria-checked')).not.toBe('true');
    await fillWalkIn(p);
    await p.tap('.walkin-publish');
    await p.tap('.walkin-submit');
    await waitFor(() => p.$('.walkin-code'), 'done');
    const sent = server.callsTo('POST', '/api/v1/admin/stations/12/messages')[0].data;
    expect(sent.on_behalf).toEqual({ name: '李大爷', phone: '13800130099', consent: true, publish_consent: true });
    expect(sent.publish).toBe(true);
    // 再录一条: unticked again
    await p.tap('.walkin-another');
    expect(p.instance.data.publishConsent).toBe(false);
    await fillWalkIn(p);
    await p.tap('.walkin-publish');
    await p.tap('.walkin-publish'); // ticked and unticked again
    await p.tap('.walkin-submit');
    await waitFor(() => server.callsTo('POST', '/api/v1/admin/stations/12/messages').length === 2, 'second');
    const second = server.callsTo('POST', '/api/v1/admin/stations/12/messages')[1].data;
    expect(second.on_behalf.publish_consent).toBe(false);
    expect(second.publish).toBe(false);
  });

  test('the server refusing publication without consent shows it beside the choice', async () => {
    server.on('POST', '/api/v1/admin/stations/12/messages', { status: 400, body: { error: { code: 'invalid_input', message: '输入有误', fields: { 'on_behalf.publish_consent': '公开答复须经来访群众本人同意，请另行询问并勾选' } } } });
    const p = await form();
    await fillWalkIn(p);
    await p.tap('.walkin-submit');
    await waitFor(() => p.$('.err-publish'), 'error');
    expect(p.$('.err-publish').dom.textContent).toBe('公开答复须经来访群众本人同意，请另行询问并勾选');
    expect(g().pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-publish' }));
  });

  test('a form error scrolls to the first field at fault', async () => {
    const p = await form();
    await p.tap('.cat-transport');
    p.$('.walkin-content').dispatchEvent('input', { detail: { value: '村口公交站没有遮雨棚，老人等车淋雨' } });
    await flush();
    await p.tap('.walkin-submit');
    await waitFor(() => g().pageScrollTo.mock.calls.length, 'scrolled');
    expect(g().pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-name' }));
    expect(p.$('#field-name').dom.querySelector('[class*="err-name"]')).toBeTruthy();
    expect(p.$('.err-phone')).toBeTruthy();
    expect(p.$('.err-consent')).toBeTruthy();
  });

  test('nothing is sent without consent, a name, a phone and the content', async () => {
    const p = await form();
    await p.tap('.walkin-submit');
    await waitFor(() => p.$('.err-consent'), 'errors');
    for (const e of ['.err-category', '.err-content', '.err-name', '.err-phone']) expect(p.$(e)).toBeTruthy();
    expect(server.callsTo('POST', '/api/v1/admin/stations/12/messages')).toHaveLength(0);
  });
});

// ---- activities ----

describe('activities list', () => {
  test('newest first with status, station and date filters, and more pages', async () => {
    server.on('GET', '/api/v1/admin/stations', { body: { items: [station, station2], next_cursor: '' } });
    server.on('GET', '/api/v1/admin/activities', (c) => (c.query.cursor === 'p2'
      ? { body: { items: [fx.adminActivity({ id: 30, title: '集中学习', status: 'finished' })], next_cursor: '' } }
      : { body: { items: [fx.adminActivity()], next_cursor: 'p2' } }));
    const p = render('staff/activities/index');
    p.instance.onLoad({});
    await waitFor(() => p.instance.data.items.length === 1, 'first page');
    expect(p.text()).toContain('草稿（未发布）');
    await p.tap('.sacts-more');
    await waitFor(() => p.instance.data.items.length === 2, 'second page');
    await p.tap('.st-published');
    await waitFor(() => server.calls.some((c) => c.path === '/api/v1/admin/activities' && c.query.status === 'published'), 'status');
    p.$('.sacts-station').dispatchEvent('change', { detail: { value: 1 } });
    await waitFor(() => server.calls.some((c) => c.query.station_id === '12' && c.query.status === 'published'), 'station');
    p.$('.sacts-from').dispatchEvent('change', { detail: { value: '2026-12-01' } });
    await waitFor(() => server.calls.some((c) => c.path === '/api/v1/admin/activities' && c.query.from === '2026-12-01'), 'from');
    await p.tap('.sact-31');
    expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/activity/index?id=31' });
  });
});

describe('draft editor', () => {
  async function editor(options: Record<string, string> = {}): Promise<Rendered> {
    const p = render('staff/activity-edit/index');
    p.instance.onLoad(options);
    await waitFor(() => !p.instance.data.loading && p.instance.data.kinds.length, 'editor');
    return p;
  }

  test('a new draft: kind, times, venue from the map, radius, picked deputies', async () => {
    server.on('POST', '/api/v1/admin/activities', (c) => ({ status: 201, body: fx.adminActivity({ id: 40, ...c.data }) }));
    g().chooseLocation = jest.fn((o: any) => setTimeout(() => o.success({ name: '民生街道办事处', address: '南宁市兴宁区民生路88号', latitude: 22.8175, longitude: 108.319 }), 0));
    const p = await editor();
    expect(p.instance.data.venue).toBe('南宁市兴宁区民生路88号'); // the station's address to start with
    p.$('.edit-kind').dispatchEvent('change', { detail: { value: 0 } });
    p.$('.edit-date').dispatchEvent('change', { detail: { value: '2099-12-03' } });
    p.$('.edit-start').dispatchEvent('change', { detail: { value: '09:30' } });
    p.$('.edit-end').dispatchEvent('change', { detail: { value: '11:30' } });
    await flush();
    await p.tap('.edit-map');
    await waitFor(() => p.instance.data.latitude === 22.8175, 'location');
    p.$('.edit-radius').dispatchEvent('input', { detail: { value: '500' } });
    await p.tap('.mode-deputies');
    await p.tap('.pick-deputy-1');
    await p.tap('.pick-deputy-3');
    await p.tap('.edit-save');
    await waitFor(() => w.wx.redirectTo.mock.calls.length, 'saved');
    expect(w.wx.redirectTo).toHaveBeenCalledWith({ url: '/staff/activity/index?id=40' });
    expect(server.callsTo('POST', '/api/v1/admin/activities')[0].data).toEqual({
      station_id: 12, kind: 'reception_day', title: '代表接待日', description: '',
      start_at: '2099-12-03T09:30:00+08:00', end_at: '2099-12-03T11:30:00+08:00',
      venue: '南宁市兴宁区民生路88号民生街道办事处', latitude: 22.8175, longitude: 108.319, checkin_radius_m: 500,
      invitees: { deputy_ids: [1, 3] },
    });
  });

  test('the whole station or a group as invitees', async () => {
    server.on('POST', '/api/v1/admin/activities', (c) => ({ status: 201, body: fx.adminActivity({ id: 41, ...c.data }) }));
    const p = await editor();
    p.$('.edit-kind').dispatchEvent('change', { detail: { value: 0 } });
    p.$('.edit-date').dispatchEvent('change', { detail: { value: '2099-12-03' } });
    await flush();
    await p.tap('.mode-group');
    await p.tap('.edit-save');
    await waitFor(() => p.$('.err-invitees'), 'group needed');
    p.$('.edit-group').dispatchEvent('change', { detail: { value: 0 } });
    await flush();
    await p.tap('.edit-save');
    await waitFor(() => server.callsTo('POST', '/api/v1/admin/activities').length === 1, 'saved');
    expect(server.callsTo('POST', '/api/v1/admin/activities')[0].data.invitees).toEqual({ group_id: 4 });
  });

  test('an end before the start, a missing kind and a past start are field errors', async () => {
    const p = await editor();
    p.$('.edit-start').dispatchEvent('change', { detail: { value: '11:30' } });
    p.$('.edit-end').dispatchEvent('change', { detail: { value: '09:30' } });
    await flush();
    await p.tap('.edit-save');
    await waitFor(() => p.$('.err-time'), 'errors');
    expect(p.$('.err-time').dom.textContent).toBe('结束时间要晚于开始时间。');
    expect(p.$('.err-kind')).toBeTruthy();
    p.$('.edit-date').dispatchEvent('change', { detail: { value: '2020-01-01' } });
    p.$('.edit-end').dispatchEvent('change', { detail: { value: '12:00' } });
    await flush();
    await p.tap('.edit-save');
    await waitFor(() => p.$('.err-time') && p.$('.err-time').dom.textContent.includes('已经过去'), 'past');
    expect(server.callsTo('POST', '/api/v1/admin/activities')).toHaveLength(0);
  });

  test('a field error scrolls to the first field at fault', async () => {
    const p = await editor();
    p.$('.edit-kind').dispatchEvent('change', { detail: { value: 0 } });
    p.$('.edit-date').dispatchEvent('change', { detail: { value: '2099-12-03' } });
    p.$('.edit-radius').dispatchEvent('input', { detail: { value: '9' } });
    await flush();
    await p.tap('.edit-save');
    await waitFor(() => g().pageScrollTo.mock.calls.length, 'scrolled');
    expect(g().pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-checkin_radius_m' }));
    expect(p.$('#field-checkin_radius_m').dom.querySelector('[class*="err-radius"]')).toBeTruthy();
  });

  test('changing a published activity: only time and venue, confirmed with who will be told', async () => {
    server.on('GET', '/api/v1/admin/activities/31', { body: fx.activityDetail() });
    server.on('GET', '/api/v1/admin/activities/31/audience', { body: { deputies: 5, employers: 4 } });
    server.on('PUT', '/api/v1/admin/activities/31', (c) => ({ body: fx.adminActivity({ status: 'published', ...c.data }) }));
    const p = await editor({ id: '31' });
    expect(p.$('.edit-kind')).toBeFalsy();
    p.$('.edit-start').dispatchEvent('change', { detail: { value: '10:00' } });
    await flush();
    await p.tap('.edit-save');
    await waitFor(() => w.wx.navigateBack.mock.calls.length, 'saved');
    expect(g().showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '修改后将通知 5 位代表和 4 家代表工作单位。确定修改吗？' }));
    expect(server.callsTo('PUT', '/api/v1/admin/activities/31')[0].data).toEqual({
      start_at: '2099-12-03T10:00:00+08:00', end_at: '2099-12-03T11:30:00+08:00', venue: '民生街道办事处二楼', latitude: 22.81735, longitude: 108.31899, checkin_radius_m: 300,
    });
  });
});

describe('activity detail', () => {
  async function detail(body: unknown = fx.activityDetail()): Promise<Rendered> {
    server.on('GET', '/api/v1/admin/activities/31', { body });
    server.on('GET', '/api/v1/admin/activities/31/audience', { body: { deputies: 5, employers: 4 } });
    const p = render('staff/activity/index');
    p.instance.onLoad({ id: '31' });
    await waitFor(() => p.instance.data.a, 'activity');
    return p;
  }

  test('per invitee: RSVP, check-in, the notice and the employer notice', async () => {
    const p = await detail();
    const t = p.text();
    expect(t).toContain('已签到：9:12 扫码签到，距会场 35 米');
    expect(t).toContain('单位已确认');
    expect(t).toContain('请假（外出学习）');
    expect(t).toContain('还没有答复');
    expect(t).toContain('代表通知：发送失败');
    expect(p.$('.sact-checked').dom.textContent).toBe('1');
  });

  test('employers no notice reached (to_phone) are listed from the detail itself, to phone', async () => {
    const p = await detail();
    expect(p.text()).toContain('需电话通知的单位');
    expect(p.instance.data.unreached).toEqual([
      { deputyId: 2, deputy: '黄秀兰', employer: '南宁市第二中学', contact: '梁志明', phone: '0771-5550002', phoneKind: '座机', reason: '座机无法接收短信，请电话通知' },
    ]);
    expect(p.$('.unreached-2')).toBeTruthy();
    expect(p.$('.unreached-1')).toBeFalsy(); // delivered and acknowledged
    expect(p.text()).toContain('黄秀兰代表的工作单位，联系人 梁志明');
    expect(p.$('.unreached-phone').dom.textContent).toBe('座机 0771-5550002');
    expect(p.$('.unreached-call').dom.textContent).toBe('打电话（座机）');
    expect(p.$('.invitee-2').dom.textContent).toContain('需电话通知');
    await p.tap('.unreached-call');
    expect(w.wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0771-5550002' });
    // the detail says it all: the station's deputies are not looked up
    expect(server.callsTo('GET', '/api/v1/admin/deputies')).toHaveLength(0);
  });

  test('a group activity: an invitee of another station, whose employer’s SMS failed, is listed too', async () => {
    const other = {
      deputy_id: 7, name: '蓝卫东', rsvp: '', rsvp_reason: '', checked_in_at: null, checkin_method: null, checkin_note: null, distance_m: null,
      notices: [fx.notice(8, 'activity_notice', 'delivered')],
      employer: { name: '武鸣区农业农村局', contact_name: '陆春花', contact_phone: '13907715678', contact_phone_kind: 'mobile', to_phone: true,
        notified: false, delivered: false, opened_at: null, acknowledged_at: null, notices: [fx.notice(9, 'employer_notice', 'failed', '')] },
    };
    const noPhone = {
      ...other, deputy_id: 8, name: '农丽萍',
      employer: { ...other.employer, name: '', contact_name: '', contact_phone: '', contact_phone_kind: '', notices: [] },
    };
    const base = fx.activityDetail();
    const p = await detail({ ...base, group_id: 4, invitee_status: [...base.invitee_status, other, noPhone] });
    const listed = p.instance.data.unreached;
    expect(listed.map((u: any) => u.deputyId)).toEqual([2, 7, 8]);
    expect(listed[1]).toEqual({ deputyId: 7, deputy: '蓝卫东', employer: '武鸣区农业农村局', contact: '陆春花', phone: '13907715678', phoneKind: '手机', reason: '发送失败' });
    expect(listed[2]).toMatchObject({ employer: '（工作单位名称未登记）', phone: '', phoneKind: '' });
    expect(p.$('.unreached-7 .unreached-phone').dom.textContent).toBe('手机 13907715678');
    expect(p.$('.unreached-7 .unreached-call').dom.textContent).toBe('打电话');
    expect(p.$('.unreached-8').dom.textContent).toContain('没有登记联系电话');
    expect(p.$('.invitee-8').dom.textContent).toContain('单位没有收到通知，需电话通知');
    await p.tap('.unreached-7 .unreached-call');
    expect(w.wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13907715678' });
    expect(server.callsTo('GET', '/api/v1/admin/deputies')).toHaveLength(0);
  });

  test('publishing a draft is confirmed with how many deputies and employers will be told', async () => {
    server.on('POST', '/api/v1/admin/activities/31/publish', { body: fx.adminActivity({ status: 'published' }) });
    const p = await detail({ ...fx.activityDetail(), status: 'draft', invitee_status: [], counts: null });
    await p.tap('.sact-publish');
    await waitFor(() => p.$('.sact-done'), 'published');
    expect(g().showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '发布活动', content: '将通知 5 位代表和 4 家代表工作单位。确定发布吗？' }));
    expect(server.callsTo('POST', '/api/v1/admin/activities/31/publish')).toHaveLength(1);
  });

  test('saying no in the confirmation publishes nothing', async () => {
    g().showModal = jest.fn((o: any) => setTimeout(() => o.success({ confirm: false, cancel: true }), 0));
    const p = await detail({ ...fx.activityDetail(), status: 'draft' });
    await p.tap('.sact-publish');
    await waitFor(() => !p.instance.data.busy && g().showModal.mock.calls.length, 'asked');
    expect(server.callsTo('POST', '/api/v1/admin/activities/31/publish')).toHaveLength(0);
  });

  test('cancelling needs a reason and is confirmed with the audience', async () => {
    server.on('POST', '/api/v1/admin/activities/31/cancel', { body: fx.adminActivity({ status: 'cancelled', cancel_reason: '台风预警' }) });
    const p = await detail();
    await p.tap('.sact-cancel');
    await p.tap('.sact-cancel-confirm');
    await waitFor(() => p.$('.sact-cancel-error'), 'reason needed');
    p.$('.sact-cancel-reason').dispatchEvent('input', { detail: { value: '台风预警' } });
    await flush();
    await p.tap('.sact-cancel-confirm');
    await waitFor(() => p.$('.sact-done'), 'cancelled');
    expect(server.callsTo('POST', '/api/v1/admin/activities/31/cancel')[0].data).toEqual({ reason: '台风预警' });
    expect(g().showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '将通知 5 位代表和 4 家代表工作单位。确定取消吗？' }));
  });

  test('attendance by hand with a note', async () => {
    server.on('POST', '/api/v1/admin/activities/31/attendance', { body: { activity_id: 31, deputy_id: 3, method: 'manual', note: '手机没电', checked_in_at: '2099-12-03T09:40:00+08:00' } });
    const p = await detail();
    await p.tap('.manual-3');
    await p.tap('.manual-save');
    await waitFor(() => p.$('.manual-error'), 'note needed');
    p.$('.manual-note').dispatchEvent('input', { detail: { value: '手机没电' } });
    await flush();
    await p.tap('.manual-save');
    await waitFor(() => p.$('.sact-done'), 'done');
    expect(server.callsTo('POST', '/api/v1/admin/activities/31/attendance')[0].data).toEqual({ deputy_id: 3, note: '手机没电' });
  });

  test('a publish refused (409) is explained, not shown raw', async () => {
    server.on('POST', '/api/v1/admin/activities/31/publish', { status: 409, body: { error: { code: 'activity_not_draft', message: 'not draft' } } });
    const p = await detail({ ...fx.activityDetail(), status: 'draft' });
    await p.tap('.sact-publish');
    await waitFor(() => p.$('.sact-error'), 'error');
    expect(p.text()).toContain('活动的状态刚刚变了');
    expect(p.text()).not.toContain('not draft');
  });
});

// ---- the venue ----

describe('venue', () => {
  afterEach(() => jest.useRealTimers());

  test('the code full screen, the screen kept on, refreshed before it expires, stopped on leaving', async () => {
    let n = 0;
    server.on('GET', '/api/v1/admin/activities/31/checkin-code', () => {
      n++;
      return { body: { code: `CODE${n}`, expires_at: new Date(Date.now() + 6500).toISOString(), png: 'iVBORw0KGgo=' } };
    });
    server.on('GET', '/api/v1/admin/activities/31', { body: fx.activityDetail() });
    const p = render('staff/venue/index');
    p.instance.onLoad({ id: '31' });
    await waitFor(() => p.instance.data.code === 'CODE1', 'first code');
    expect(w.wx.setKeepScreenOn).toHaveBeenCalledWith({ keepScreenOn: true });
    expect(p.instance.data.png).toBe('data:image/png;base64,iVBORw0KGgo=');
    await waitFor(() => p.text().includes('已签到 1 / 3 人'), 'count');
    await waitFor(() => p.instance.data.code === 'CODE2', 'next code before expiry', 4000);
    p.instance.onUnload();
    expect(w.wx.setKeepScreenOn).toHaveBeenLastCalledWith({ keepScreenOn: false });
    const calls = server.callsTo('GET', '/api/v1/admin/activities/31/checkin-code').length;
    await new Promise((r) => setTimeout(r, 1600));
    expect(server.callsTo('GET', '/api/v1/admin/activities/31/checkin-code').length).toBe(calls);
  });

  test('outside the check-in window (409): says why instead of a stale code', async () => {
    server.on('GET', '/api/v1/admin/activities/31/checkin-code', { status: 409, body: { error: { code: 'checkin_closed', message: 'closed' } } });
    server.on('GET', '/api/v1/admin/activities/31', { body: fx.activityDetail() });
    const p = render('staff/venue/index');
    p.instance.onLoad({ id: '31' });
    await waitFor(() => p.$('.venue-error'), 'error');
    expect(p.text()).toContain('现在不能签到');
    expect(p.$('.venue-code')).toBeFalsy();
    p.instance.onUnload();
  });
});

// ---- compliance ----

describe('compliance', () => {
  const compliance = {
    station_id: 12, station_name: '兴宁区民生街道人大代表联络站', area_code: '450102001', year: 2026,
    rules: [
      { kind: 'reception_day', kind_name: '代表接待日', period: 'month', at_least: 1, periods: [
        { period: '2026-01', from: '', to: '', required: 1, held: 1, scheduled: 0, met: true, ended: true },
        { period: '2026-02', from: '', to: '', required: 1, held: 0, scheduled: 0, met: false, ended: true },
        { period: '2026-12', from: '', to: '', required: 1, held: 0, scheduled: 1, met: false, ended: false },
      ] },
      { kind: 'report_review', kind_name: '代表述职评议', period: 'year', at_least: 1, periods: [{ period: '2026', from: '', to: '', required: 1, held: 0, scheduled: 0, met: false, ended: false }] },
    ],
  };

  test('per rule and period: required, held, met', async () => {
    server.on('GET', '/api/v1/admin/stations/12/compliance', (c) => ({ body: { ...compliance, year: Number(c.query.year) } }));
    const p = render('staff/compliance/index');
    p.instance.onLoad({});
    await waitFor(() => p.instance.data.rules.length === 2, 'rules');
    const t = p.text();
    expect(t).toContain('每月至少 1 次');
    expect(t).toContain('1月要求 1 次，已开展 1 次达标');
    expect(t).toContain('2月要求 1 次，已开展 0 次未达标');
    expect(t).toContain('12月要求 1 次，已开展 0 次，已安排 1 次进行中');
    expect(t).toContain('已结束的 2 个周期中，1 个达标');
    expect(t).toContain('全年');
    // statistics and exports beyond this page: the computer console, its address from config
    expect(t).toContain('各联络站的统计和导出表格，请在电脑上的管理后台查看');
    expect(p.$('.comp-console-address').dom.textContent).toBe('http://liaison.test/console/');
    const y = p.instance.data.year;
    await p.tap('.comp-prev');
    await waitFor(() => server.calls.some((c) => c.query.year === String(y - 1)), 'previous year');
  });

  test('a failure offers 重试', async () => {
    server.on('GET', '/api/v1/admin/stations/12/compliance', (_c, n) => (n <= 3 ? { status: 503, body: {} } : { body: compliance }));
    const p = render('staff/compliance/index');
    p.instance.onLoad({});
    await waitFor(() => p.text().includes('服务暂时出了问题'), 'error');
    await p.tap('.state__retry');
    await waitFor(() => p.instance.data.rules.length === 2, 'after retry');
  });
});

describe('lists keep to the filter last chosen', () => {
  test('a slow answer for the tab left behind does not mix into the new tab', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    server.on('GET', '/api/v1/admin/messages', (c) => {
      if (c.query.overdue === 'true') return { body: { items: [], next_cursor: '' } };
      if (c.query.status === 'submitted') return { wait: slow, body: { items: [fx.message()], next_cursor: '' } };
      return { body: { items: [fx.message({ id: 6, code: 'LX2612-AB2C', status: 'closed' })], next_cursor: '' } };
    });
    const p = render('staff/inbox/index');
    p.instance.onLoad({});
    await waitFor(() => server.calls.some((c) => c.query.status === 'submitted'), 'first tab asked');
    await p.tap('.tab-closed');
    await waitFor(() => p.instance.data.items.length === 1 && !p.instance.data.loading, 'closed tab');
    release();
    await new Promise((r) => setTimeout(r, 50));
    expect(p.instance.data.items.map((i: any) => i.code)).toEqual(['LX2612-AB2C']);
  });
});

describe('venue on a flaky network', () => {
  test('a failed fetch of the code says so and is tried again by itself', async () => {
    server.on('GET', '/api/v1/admin/activities/31/checkin-code', (_c, n) => (n <= 3 ? { fail: true } : { body: { code: 'LATER1', expires_at: new Date(Date.now() + 20000).toISOString(), png: '' } }));
    server.on('GET', '/api/v1/admin/activities/31', { body: fx.activityDetail() });
    const p = render('staff/venue/index');
    p.instance.onLoad({ id: '31' });
    try {
      await waitFor(() => p.$('.venue-error'), 'error');
      expect(p.text()).toContain('签到码没有更新：网络连接不上');
      await waitFor(() => p.instance.data.code === 'LATER1', 'recovered', 6000);
      expect(p.$('.venue-error')).toBeFalsy();
    } finally {
      p.instance.onUnload();
    }
  });
});

describe('activity notices', () => {
  test('a failed notice to a deputy can be sent again', async () => {
    server.on('GET', '/api/v1/admin/activities/31', { body: fx.activityDetail() });
    server.on('POST', '/api/v1/admin/notifications/5/resend', { body: { id: 5, status: 'pending' } });
    const p = render('staff/activity/index');
    p.instance.onLoad({ id: '31' });
    await waitFor(() => p.instance.data.a, 'activity');
    expect(p.$('.resend-1')).toBeFalsy(); // delivered
    expect(p.$('.resend-2')).toBeFalsy(); // skipped landline: phone it instead
    await p.tap('.resend-3');
    await waitFor(() => p.$('.sact-done'), 'resent');
    expect(server.callsTo('POST', '/api/v1/admin/notifications/5/resend')).toHaveLength(1);
    await p.tap('.sact-map');
    expect(w.wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ latitude: 22.81735, longitude: 108.31899 }));
  });
});
