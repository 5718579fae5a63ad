// Consultations on draft regulations (立法征询): the drafts open for comment on the station's and
// the home page, a draft read article by article with how many opinions each received, an
// opinion on an article or on the whole draft, a closed consultation, and my opinions with
// their outcome.
import { fastConfig, FakeServer, flush, installWx, meta, render, Rendered, RULES, waitFor } from '../helpers';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';
import { forgetMe } from '../../src/api/me';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

const OPINIONS = '/api/v1/consultations/3/opinions';
const fx_limits = RULES.text_limits;

beforeEach(() => {
  fastConfig();
  forgetMeta();
  forgetMe();
  server.reset();
  server.on('GET', '/api/v1/meta', { body: meta({ message_reply: 'TPL-REPLY', opinion_outcome: 'TPL-OUTCOME' }) });
  server.on('GET', '/api/v1/stations/12', { body: fx.station });
  server.on('GET', '/api/v1/stations/12/schedule', { body: fx.schedule });
  server.on('GET', '/api/v1/stations/12/answers', { body: fx.answers });
  server.on('GET', '/api/v1/consultations', { body: { items: [fx.consultationSummary()], next_cursor: '' } });
  server.on('GET', '/api/v1/consultations/3', { body: fx.consultation() });
  server.on('POST', OPINIONS, (c) => ({ status: 201, body: { id: 80, consultation_id: 3, article_id: c.data.article_id, author_kind: 'public', created_at: '2026-12-07T10:00:00+08:00' } }));
  w = installWx(server);
});

function input(p: Rendered, selector: string, value: string) {
  p.$(selector).dispatchEvent('input', { detail: { value } });
}

const lastOpinion = () => server.callsTo('POST', OPINIONS).slice(-1)[0];

// ---- 正在征求意见 on the station's page and the home page ----

describe('正在征求意见', () => {
  async function stationPage(): Promise<Rendered> {
    const p = render('station');
    p.instance.onLoad({ scene: 's%3D12' });
    await waitFor(() => p.text().includes('近期代表接待日') && server.callsTo('GET', '/api/v1/consultations').length > 0, 'station page');
    await flush();
    return p;
  }

  test("the station's page lists the drafts open for comment there, with their closing date, and opens one", async () => {
    const p = await stationPage();
    await waitFor(() => p.text().includes('正在征求意见'), 'the block');
    expect(server.callsTo('GET', '/api/v1/consultations')[0].query).toEqual({ station_id: '12' });
    expect(p.text()).toContain('南宁市物业管理条例（草案征求意见稿）');
    expect(p.text()).toContain('截止日期：2026年12月31日（共 3 条）');
    await p.tap('.consult-item-3');
    expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/consultation/read/index?id=3&station_id=12' });
    // anyone may read them: nobody is signed in for it
    expect(w.wx.login).not.toHaveBeenCalled();
  });

  test('no open draft: no block at all', async () => {
    server.on('GET', '/api/v1/consultations', { body: { items: [], next_cursor: '' } });
    const p = await stationPage();
    expect(p.text()).not.toContain('正在征求意见');
    expect(p.$('.consult-block')).toBeNull();
  });

  test('the list cannot be read: the block is left out and the station page still works', async () => {
    server.on('GET', '/api/v1/consultations', { status: 500, body: { error: { code: 'internal', message: '服务器错误' } } });
    const p = await stationPage();
    await waitFor(() => server.callsTo('GET', '/api/v1/consultations').length >= 1, 'asked');
    await flush();
    expect(p.text()).not.toContain('正在征求意见');
    expect(p.text()).toContain('兴宁区民生街道人大代表联络站');
    expect(p.text()).toContain('已协调交警');
    expect(p.text()).not.toContain('服务暂时出了问题');
  });

  test('home before any station was opened: no draft list is asked for', async () => {
    const p = render('index');
    p.instance.onLoad({});
    await flush();
    await flush();
    expect(p.text()).not.toContain('正在征求意见');
    expect(server.callsTo('GET', '/api/v1/consultations')).toHaveLength(0);
  });

  test("home shows the drafts of the station opened last, named", async () => {
    const s = await stationPage(); // opening a station remembers it
    s.comp.detach();
    const p = render('index');
    p.instance.onLoad({});
    await waitFor(() => p.text().includes('正在征求意见'), 'the block on home');
    expect(p.text()).toContain('兴宁区民生街道人大代表联络站');
    expect(p.text()).toContain('南宁市物业管理条例（草案征求意见稿）');
    expect(server.callsTo('GET', '/api/v1/consultations').slice(-1)[0].query).toEqual({ station_id: '12' });
  });

  test('home leads to 我的立法意见', async () => {
    const p = render('index');
    p.instance.onLoad({});
    await p.tap('.home-opinions');
    expect(w.wx.navigateTo).toHaveBeenCalledWith({ url: '/consultation/mine/index' });
  });
});

// ---- reading the draft ----

describe('reading a draft', () => {
  async function draft(over: Record<string, unknown> = {}): Promise<Rendered> {
    server.on('GET', '/api/v1/consultations/3', { body: fx.consultation(over) });
    const p = render('consultation/read/index');
    p.instance.onLoad({ id: '3', station_id: '12' });
    await waitFor(() => p.text().includes('南宁市物业管理条例'), 'the draft');
    return p;
  }

  test('article by article: chapters as headings, numbers as the draft writes them, the text, and how many opinions each received', async () => {
    const p = await draft();
    const t = p.text();
    expect(t).toContain('征求意见截止：2026年12月31日');
    // each chapter once, before its first article
    expect(t.split('第一章 总则').length - 1).toBe(1);
    expect(t.split('第二章 业主和业主大会').length - 1).toBe(1);
    expect(t.indexOf('第一章 总则')).toBeLessThan(t.indexOf('第一条'));
    expect(t.indexOf('第二条')).toBeLessThan(t.indexOf('第二章 业主和业主大会'));
    expect(t.indexOf('第二章 业主和业主大会')).toBeLessThan(t.indexOf('第十二条'));
    const article = (id: number) => (p.$(`.article-${id}`).dom.textContent || '').replace(/\s+/g, ' ');
    expect(article(31)).toContain('第一条');
    expect(article(31)).toContain('还没有人提意见');
    expect(article(32)).toContain('本条例适用于本市行政区域内');
    expect(article(32)).toContain('已有 3 条意见');
    expect(article(33)).toContain('第十二条');
    expect(article(33)).toContain('已有 1 条意见');
    for (const id of [31, 32, 33]) expect(p.$(`.comment-${id}`)).not.toBeNull();
    expect(p.$('.read-whole')).not.toBeNull();
    // the opinions themselves are not shown
    expect(t).not.toContain('意见内容');
  });

  test('the drafting explanation is folded until asked for', async () => {
    const p = await draft();
    expect(p.$('.read-expl__text')).toBeNull();
    expect(p.text()).toContain('展开阅读');
    await p.tap('.expl-toggle');
    await waitFor(() => p.$('.read-expl__text'), 'unfolded');
    expect(p.text()).toContain('现向社会公开征求意见，欢迎提出修改意见和建议');
    await p.tap('.expl-toggle');
    await waitFor(() => !p.$('.read-expl__text'), 'folded again');
  });

  test('对本条提意见 opens the form for that article; 对整部草案提意见 for the whole draft', async () => {
    const p = await draft();
    await p.tap('.comment-33');
    expect(w.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/consultation/opinion/index?id=3&article_id=33&station_id=12' });
    await p.tap('.read-whole');
    expect(w.wx.navigateTo).toHaveBeenLastCalledWith({ url: '/consultation/opinion/index?id=3&station_id=12' });
  });

  test('a closed consultation says 征求意见已结束 and offers no way to comment', async () => {
    const p = await draft({ status: 'closed' });
    expect(p.text()).toContain('征求意见已结束');
    expect(p.$('.article__comment')).toBeNull();
    expect(p.$('.read-whole')).toBeNull();
    expect(p.$('.read-whole-end')).toBeNull();
    expect(p.text()).not.toContain('对本条提意见');
    expect(p.text()).not.toContain('对整部草案提意见');
    // the counts stay
    expect(p.text()).toContain('已有 3 条意见');
  });

  test('back from the form, the counts are read again', async () => {
    const p = await draft();
    p.comp.triggerPageLifeTime('show'); // the opening
    const more = fx.consultation();
    more.articles[0] = { ...more.articles[0], opinions: 1 };
    server.on('GET', '/api/v1/consultations/3', { body: more });
    p.comp.triggerPageLifeTime('show'); // back from the form
    await waitFor(() => (p.$('.article-31').dom.textContent || '').includes('已有 1 条意见'), 'count read again');
  });

  test('a draft that does not exist says so plainly', async () => {
    server.on('GET', '/api/v1/consultations/9', { status: 404, body: { error: { code: 'consultation_not_found', message: '征求意见稿不存在' } } });
    const p = render('consultation/read/index');
    p.instance.onLoad({ id: '9' });
    await waitFor(() => p.text().includes('没有找到这部法规草案'), 'not found');
  });
});

// ---- the opinion form ----

describe('the opinion form', () => {
  async function form(options: Record<string, string>): Promise<Rendered> {
    const p = render('consultation/opinion/index');
    p.instance.onLoad(options);
    await waitFor(() => p.instance.data.ready, 'form');
    await flush();
    return p;
  }

  async function fill(p: Rendered, text = '书面征求意见书应当允许业主在小程序里签收') {
    input(p, '.of-content', text);
    await p.tap('.of-consent');
    await flush();
  }

  test('an opinion on an article quotes it, sends its article_id and the station, and thanks the person', async () => {
    let insideTap = false;
    (w.wx.requestSubscribeMessage as jest.Mock).mockImplementation((o: { success: (r: unknown) => void }) => {
      insideTap = /onSubmit/.test(new Error().stack || '');
      setTimeout(() => o.success({ errMsg: 'requestSubscribeMessage:ok', 'TPL-OUTCOME': 'accept' }), 0);
    });
    const p = await form({ id: '3', article_id: '33', station_id: '12' });
    const quote = (p.$('.of-quote').dom.textContent || '').replace(/\s+/g, ' ');
    expect(quote).toContain('第十二条');
    expect(quote).toContain('业主大会会议可以采用集体讨论的形式');
    expect(w.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '对第十二条提意见' });
    await fill(p);
    input(p, '.of-name', ' 李大爷 ');
    input(p, '.of-phone', '138 0013 8000');
    await flush();
    await p.tap('.of-submit');
    // the outcome notice is asked for inside the tap, alone
    expect(w.wx.requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(insideTap).toBe(true);
    expect((w.wx.requestSubscribeMessage as jest.Mock).mock.calls[0][0].tmplIds).toEqual(['TPL-OUTCOME']);
    await waitFor(() => p.text().includes('感谢您的意见'), 'done screen');
    expect(p.text()).toContain('采纳情况将告诉您');
    expect(p.text()).not.toContain('人大代表提出的');
    expect(lastOpinion().data).toEqual({ article_id: 33, content: '书面征求意见书应当允许业主在小程序里签收', name: '李大爷', phone: '13800138000', station_id: 12 });
    expect(lastOpinion().header['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    await waitFor(() => p.text().includes('会通过微信通知您采纳情况'), 'told by WeChat');
    await waitFor(() => server.callsTo('POST', '/api/v1/me/subscriptions').length === 1, 'grant recorded');
    expect(server.callsTo('POST', '/api/v1/me/subscriptions')[0].data).toEqual({ accepted: ['TPL-OUTCOME'] });
  });

  test('an opinion on the whole draft sends article_id null', async () => {
    const p = await form({ id: '3', station_id: '12' });
    expect(p.text()).toContain('对整部草案提意见');
    expect(p.$('.of-quote')).toBeNull();
    await fill(p, '建议增加老旧小区物业服务的专门规定');
    await p.tap('.of-submit');
    await waitFor(() => p.text().includes('感谢您的意见'), 'done screen');
    expect(lastOpinion().data).toEqual({ article_id: null, content: '建议增加老旧小区物业服务的专门规定', name: '', phone: '', station_id: 12 });
  });

  test('declining the WeChat notice with a phone left: told by SMS', async () => {
    const p = await form({ id: '3', article_id: '31', station_id: '12' });
    await fill(p);
    input(p, '.of-phone', '13800138000');
    await flush();
    await p.tap('.of-submit');
    await waitFor(() => p.text().includes('会发短信告诉您采纳情况'), 'told by SMS');
    expect(server.callsTo('POST', '/api/v1/me/subscriptions')).toHaveLength(0);
  });

  test('neither WeChat nor phone: says where to look', async () => {
    const p = await form({ id: '3', article_id: '31', station_id: '12' });
    await fill(p);
    await p.tap('.of-submit');
    await waitFor(() => p.text().includes('请在“我的立法意见”里查看采纳情况'), 'where to look');
    await p.tap('.of-done__mine');
    expect(w.wx.redirectTo).toHaveBeenCalledWith({ url: '/consultation/mine/index' });
  });

  test('the limits of /meta, the phone and the consent are checked before sending; the page scrolls to the first fault', async () => {
    server.on('GET', '/api/v1/meta', { body: { ...meta({ opinion_outcome: 'TPL-OUTCOME' }), text_limits: { ...fx_limits, content_min: 10, content_max: 30, name_max: 4 } } });
    const p = await form({ id: '3', article_id: '31', station_id: '12' });
    expect(p.text()).toContain('最多 30 字');
    input(p, '.of-content', '太短了');
    input(p, '.of-name', '欧阳大爷爷');
    input(p, '.of-phone', '12345');
    await flush();
    await p.tap('.of-submit');
    await waitFor(() => p.$('.error-content'), 'errors');
    expect(p.text()).toContain('意见至少写 10 个字，现在是 3 个字');
    expect(p.text()).toContain('姓名最多 4 个字');
    expect(p.text()).toContain('手机号应为 11 位数字');
    expect(p.text()).toContain('请先阅读并勾选同意');
    await waitFor(() => (w.wx.pageScrollTo as jest.Mock).mock.calls.length, 'scrolled');
    expect((w.wx.pageScrollTo as jest.Mock).mock.calls.slice(-1)[0][0].selector).toBe('#field-content');
    expect(server.callsTo('POST', OPINIONS)).toHaveLength(0);
    expect(w.wx.requestSubscribeMessage).not.toHaveBeenCalled();
  });

  test("the server's content check is shown beside the text", async () => {
    server.on('POST', OPINIONS, { status: 400, body: { error: { code: 'invalid_input', message: '输入有误', fields: { content: '内容含有不适宜发布的信息，请修改后再提交' } } } });
    const p = await form({ id: '3', article_id: '31', station_id: '12' });
    await fill(p);
    await p.tap('.of-submit');
    await waitFor(() => p.$('.error-content'), 'content error');
    expect(p.text()).toContain('内容含有不适宜发布的信息');
    expect(p.text()).not.toContain('感谢您的意见');
  });

  test('closed meanwhile (409 consultation_closed): says so plainly and offers no second try', async () => {
    server.on('POST', OPINIONS, { status: 409, body: { error: { code: 'consultation_closed', message: 'consultation is closed' } } });
    const p = await form({ id: '3', article_id: '31', station_id: '12' });
    await fill(p);
    await p.tap('.of-submit');
    await waitFor(() => p.text().includes('征求意见已经结束'), 'closed');
    expect(p.text()).toContain('这条意见没有提交上去');
    expect(p.text()).not.toMatch(/consultation|closed|请刷新后再看/);
    expect(p.$('.of-submit')).toBeNull();
    expect(p.text()).not.toContain('感谢您的意见');
  });

  test('a closed consultation opened directly shows no form', async () => {
    server.on('GET', '/api/v1/consultations/3', { body: fx.consultation({ status: 'reviewed' }) });
    const p = await form({ id: '3', article_id: '31', station_id: '12' });
    expect(p.text()).toContain('征求意见已经结束');
    expect(p.$('.of-content')).toBeNull();
    expect(p.$('.of-submit')).toBeNull();
  });

  test('a lost answer is repeated with the same key, and the opinion counts once', async () => {
    server.on('POST', OPINIONS, (c, n) => (n === 1 ? { fail: true } : { status: 201, body: { id: 80, consultation_id: 3, article_id: c.data.article_id, author_kind: 'public', created_at: '2026-12-07T10:00:00+08:00' } }));
    const p = await form({ id: '3', article_id: '31', station_id: '12' });
    await fill(p);
    await p.tap('.of-submit');
    await waitFor(() => p.text().includes('感谢您的意见'), 'done screen');
    const sent = server.callsTo('POST', OPINIONS);
    expect(sent).toHaveLength(2);
    expect(sent[1].header['Idempotency-Key']).toBe(sent[0].header['Idempotency-Key']);
  });

  test('a deputy is told that the opinion is marked as a deputy’s', async () => {
    w.storage.set('liaison.session', { token: 'tok', expires_at: '2099-01-01T00:00:00+08:00', user: { id: 9, roles: ['deputy'] } });
    server.on('GET', '/api/v1/me', { body: fx.deputyMe });
    const p = await form({ id: '3', article_id: '31', station_id: '12' });
    await waitFor(() => p.text().includes('这条意见会标明是代表提出的'), 'deputy note');
  });

  test('the answer marks it as a deputy’s: the done screen says so', async () => {
    server.on('POST', OPINIONS, (c) => ({ status: 201, body: { id: 81, consultation_id: 3, article_id: c.data.article_id, author_kind: 'deputy', created_at: '2026-12-07T10:00:00+08:00' } }));
    const p = await form({ id: '3', article_id: '31', station_id: '12' });
    await fill(p);
    await p.tap('.of-submit');
    await waitFor(() => p.text().includes('感谢您的意见'), 'done screen');
    expect(p.text()).toContain('这条意见已标明是人大代表提出的');
  });

  test('a member of the public sees no deputy note', async () => {
    const p = await form({ id: '3', article_id: '31', station_id: '12' });
    await flush();
    expect(p.text()).not.toContain('代表提出的');
  });
});

// ---- my opinions ----

describe('我的立法意见', () => {
  test('each opinion with the draft, the article, what was written, and the outcome with its reason', async () => {
    server.on('GET', '/api/v1/me/opinions', { body: { items: [
      fx.myOpinion({ id: 71, outcome: 'adopted', reason: '已在第十二条增加电子送达的规定。' }),
      fx.myOpinion({ id: 72, article_id: null, article_number: null, content: '建议增加老旧小区物业服务的专门规定', outcome: 'not_adopted', reason: '老旧小区改造另有专门规定。' }),
      fx.myOpinion({ id: 73, outcome: 'partly_adopted', reason: '采纳了签收的建议。' }),
      fx.myOpinion({ id: 74, outcome: 'for_reference', reason: '在实施细则中研究。' }),
      fx.myOpinion({ id: 75 }),
    ], next_cursor: '' } });
    const p = render('consultation/mine/index');
    p.instance.onLoad({});
    await waitFor(() => p.$('.opinion-75'), 'opinions');
    const card = (id: number) => (p.$(`.opinion-${id}`).dom.textContent || '').replace(/\s+/g, ' ');
    expect(card(71)).toContain('已采纳');
    expect(card(71)).toContain('《南宁市物业管理条例（草案征求意见稿）》');
    expect(card(71)).toContain('对第十二条提的意见');
    expect(card(71)).toContain('书面征求意见书应当允许业主通过微信小程序签收');
    expect(card(71)).toContain('理由：已在第十二条增加电子送达的规定。');
    expect(card(72)).toContain('未采纳');
    expect(card(72)).toContain('对整部草案提的意见');
    expect(card(72)).toContain('理由：老旧小区改造另有专门规定。');
    expect(card(73)).toContain('部分采纳');
    expect(card(73)).toContain('采纳了签收的建议。');
    expect(card(74)).toContain('留作参考');
    expect(card(75)).toContain('正在研究');
    expect(card(75)).not.toContain('理由');
    expect(p.text()).not.toMatch(/adopted|for_reference/);
  });

  test('none yet: says where drafts are found', async () => {
    server.on('GET', '/api/v1/me/opinions', { body: { items: [], next_cursor: '' } });
    const p = render('consultation/mine/index');
    p.instance.onLoad({});
    await waitFor(() => p.text().includes('您还没有对法规草案提过意见'), 'empty');
  });
});
