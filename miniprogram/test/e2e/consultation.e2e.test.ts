// 立法征询 end to end, against a real liaison-dev, through the real pages: dev mode opens the
// city's consultation on a demo draft at the demo station. A person scans the station's code,
// finds the draft under 正在征求意见 (also on the home page afterwards), reads it article by
// article, and comments on an article with the privacy consent and a phone; the article's
// count rises. A deputy comments and the opinion is marked as a deputy's. The station's staff
// enter what a consultation meeting said (HTTP API). The office closes the consultation: a
// person who had the form open is told plainly that the opinion was not taken. The office
// answers every opinion — the person's adopted with a reason — and finishes the review; only
// then does the person's 我的立法意见 show 已采纳 and the reason. The deputy's performance file
// (履职档案) counts their opinion.
import { flush, render, Rendered, waitFor } from '../helpers';
import { as, signInAsDeputy, api } from './bridge';
import { DevServer, DevState } from './server';
import { config } from '../../src/config/index';

const dev = new DevServer();
let state: DevState;
const run = Date.now().toString(36);
const citizenId = `dev-e2e-citizen-${run}`;
const latecomerId = `dev-e2e-latecomer-${run}`;
const deputyUser = `dev-e2e-deputy-${run}`;
const staffId = `dev-e2e-staff-${run}`;
const officeId = `dev-e2e-office-${run}`;
const g = () => (global as any).wx;

const TITLE = '南宁市社区微型公园建设管理若干规定（草案征求意见稿）';
const citizenText = `选址要求里建议写明：公园入口到最近的公交站不超过三百米，方便老人（${run}）`;
const citizenPhone = '13700001234';
const deputyText = `第四条第一项的“步行十分钟”建议改为“步行十五分钟”，郊区小区也能覆盖（${run}）`;
const meetingText = `座谈会上居民提出，第八条的公示期应当包括节假日以外的工作日（${run}）`;
const lateText = `建议座椅旁边设置扶手，方便老年人起身（${run}）`;
const adoptReason = '已在第四条增加一项：入口距公交站点一般不超过三百米。';
const partlyReason = '采纳了覆盖郊区小区的意见，步行时间仍以十分钟为原则。';

// what the journey learns as it goes
let id = 0; // the demo consultation
let station = { id: 0, name: '' };
const articleIds: Record<string, number> = {};
let deputy = { id: 0, name: '', phone: '' };
let citizenOpinion = 0;
let deputyOpinion = 0;
let meetingOpinion = 0;

beforeAll(async () => {
  state = await dev.start();
  config.baseUrl = state.base_url;
  config.retryDelayMs = 50;
  deputy = state.deputies.find((d) => d.name === '陆美玲')!;
  station = { id: state.station_id, name: (await api(state.base_url, 'GET', `/api/v1/stations/${state.station_id}`)).body.name };
  // the demo consultation: the one open at the demo station
  const listed = await api(state.base_url, "GET", `/api/v1/consultations?station_id=${station.id}`);
  expect(listed.body.items.map((c: { title: string }) => c.title)).toEqual([TITLE]);
  id = listed.body.items[0].id;
}, 15 * 60 * 1000);

afterAll(async () => {
  await dev.stop();
});


/** Opens what a navigateTo asked for, as WeChat would: the page, loaded with the URL's query. */
function open(url: string): Rendered {
  const [pagePath, query = ''] = url.replace(/^\//, '').split('?');
  const options: Record<string, string> = {};
  new URLSearchParams(query).forEach((v, k) => (options[k] = v));
  const p = render(pagePath.replace(/^pages\/([^/]+)\/index$/, '$1'));
  p.instance.onLoad(options);
  return p;
}

const lastNavigation = () => g().navigateTo.mock.calls.slice(-1)[0][0].url as string;
const textOf = (p: Rendered, selector: string) => ((p.$(selector) && p.$(selector).dom.textContent) || '').replace(/\s+/g, ' ').trim();

/** A signed-in person with `invite`'s role, for the steps the office does at its desk (HTTP API). */
async function tokenWith(openid: string, invite: string, role: string): Promise<string> {
  const signIn = await api(state.base_url, 'POST', '/api/v1/auth/dev', { openid });
  expect(signIn.status).toBe(200);
  const token = signIn.body.token as string;
  const me = await api(state.base_url, 'GET', '/api/v1/me', undefined, token);
  if (!JSON.stringify(me.body.roles || []).includes(`"${role}"`)) {
    const redeemed = await api(state.base_url, 'POST', '/api/v1/auth/redeem', { invite_code: invite }, token);
    expect(redeemed.status).toBe(200);
  }
  return token;
}
const staffToken = () => tokenWith(staffId, state.staff_invite, 'staff');
const officeToken = () => tokenWith(officeId, state.admin_invite, 'admin');

async function readDraft(): Promise<Rendered> {
  const p = open(`/consultation/read/index?id=${id}&station_id=${station.id}`);
  await waitFor(() => p.instance.data.c || p.instance.data.error, 'the draft', 15000);
  expect(p.instance.data.error).toBe('');
  return p;
}

const countOf = (p: Rendered, number: string) => textOf(p, `.article-${articleIds[number]} .article__count`);


test('a person scans the station’s code and finds the draft under 正在征求意见; the home page shows it too', async () => {
  as(citizenId);
  const p = render('station');
  p.instance.onLoad({ scene: encodeURIComponent(`s=${station.id}`) });
  await waitFor(() => p.$('.consult-block'), '正在征求意见', 15000);
  const block = textOf(p, '.consult-block');
  expect(block).toContain('正在征求意见');
  expect(block).toContain(TITLE);
  expect(block).toContain('（共 10 条）');
  expect(block).toMatch(/截止日期：\d{4}年\d{1,2}月\d{1,2}日/);
  expect(p.$(`.consult-item-${id}`)).not.toBeNull();
  await p.tap(`.consult-item-${id}`);
  expect(lastNavigation()).toBe(`/consultation/read/index?id=${id}&station_id=${station.id}`);
  // reading is for anyone: nobody was signed in for it
  expect(g().login).not.toHaveBeenCalled();

  // back home, the station opened last brings its drafts along, named
  const home = render('index');
  home.instance.onLoad({});
  await waitFor(() => home.$(`.consult-item-${id}`), 'the draft on the home page', 15000);
  expect(textOf(home, '.consult-block')).toContain(station.name);
  expect(textOf(home, '.consult-block')).toContain(TITLE);
});

test('they read it article by article: the explanation folded, chapters as headings, each article with its count', async () => {
  as(citizenId);
  const p = await readDraft();
  const t = p.text();
  expect(textOf(p, '.read-title')).toBe(TITLE);
  expect(t).toMatch(/征求意见截止：\d{4}年\d{1,2}月\d{1,2}日/);
  // the drafting explanation is folded until asked for
  expect(p.$('.read-expl__text')).toBeNull();
  await p.tap('.expl-toggle');
  await waitFor(() => p.$('.read-expl__text'), 'the explanation unfolded');
  expect(textOf(p, '.read-expl__text')).toContain('草案共三章十条');

  const articles = p.instance.data.c.articles as { id: number; numberText: string }[];
  expect(articles.map((a) => a.numberText)).toEqual(['第一条', '第二条', '第三条', '第四条', '第五条', '第六条', '第七条', '第八条', '第九条', '第十条']);
  for (const a of articles) articleIds[a.numberText] = a.id;
  // each chapter once, before its first article
  for (const [chapter, first] of [['第一章 总则', '第一条'], ['第二章 建设与管护', '第四条'], ['第三章 附则', '第九条']]) {
    expect(t.split(chapter).length - 1).toBe(1);
    expect(t.indexOf(chapter)).toBeLessThan(t.indexOf(first));
  }
  expect(t.indexOf('第三条')).toBeLessThan(t.indexOf('第二章 建设与管护'));
  // the items of an article are kept, one a line
  expect(textOf(p, `.article-${articleIds['第四条']}`)).toContain('（一）步行十分钟范围内可达');
  for (const n of Object.keys(articleIds)) {
    expect(countOf(p, n)).toBe('还没有人提意见');
    expect(p.$(`.comment-${articleIds[n]}`)).not.toBeNull();
  }
  expect(p.$('.read-whole')).not.toBeNull();
});

test('they comment on 第四条 with the privacy consent and a phone; the article’s count rises', async () => {
  const bridge = as(citizenId);
  const draft = await readDraft();
  draft.comp.triggerPageLifeTime('show'); // the opening
  const art = articleIds['第四条'];
  await draft.tap(`.comment-${art}`);
  const url = lastNavigation();
  expect(url).toBe(`/consultation/opinion/index?id=${id}&article_id=${art}&station_id=${station.id}`);

  const p = open(url);
  await waitFor(() => p.instance.data.ready || p.instance.data.loadError, 'the form', 15000);
  expect(p.instance.data.loadError).toBe('');
  expect(g().setNavigationBarTitle).toHaveBeenCalledWith({ title: '对第四条提意见' });
  const quote = textOf(p, '.of-quote');
  expect(quote).toContain('第四条');
  expect(quote).toContain('社区微型公园的选址应当符合下列要求');
  expect(p.text()).not.toContain('代表提出的');

  p.$('.of-content').dispatchEvent('input', { detail: { value: citizenText } });
  p.$('.of-phone').dispatchEvent('input', { detail: { value: citizenPhone } });
  await flush();
  // without the consent nothing leaves the phone
  await p.tap('.of-submit');
  await waitFor(() => p.$('.error-consent'), 'the consent asked for');
  expect(textOf(p, '.error-consent')).toBe('请先阅读并勾选同意《隐私保护指引》。');
  expect(bridge.requests.filter((r) => r.method === 'POST' && r.url.includes('/opinions'))).toEqual([]);

  await p.tap('.of-consent');
  await flush();
  await p.tap('.of-submit');
  await waitFor(() => p.instance.data.done || p.instance.data.submitError, 'sent', 15000);
  expect(p.instance.data.submitError).toBe('');
  expect(textOf(p, '.of-done__title')).toBe('感谢您的意见');
  expect(p.text()).toContain('采纳情况将告诉您');
  expect(p.$('.of-done__deputy')).toBeNull();
  // dev mode asks for no WeChat notice of the outcome, so the phone left carries it
  await waitFor(() => p.$('.of-done__how'), 'how they will be told');
  expect(textOf(p, '.of-done__how')).toContain('会发短信告诉您采纳情况');
  expect(bridge.requests.filter((r) => r.method === 'POST' && r.url.includes(`/consultations/${id}/opinions`)).map((r) => r.status)).toEqual([201]);

  // back on the draft, 第四条 has one opinion; the others none
  draft.comp.triggerPageLifeTime('show');
  await waitFor(() => countOf(draft, '第四条') === '已有 1 条意见', 'the count risen', 15000);
  expect(countOf(draft, '第五条')).toBe('还没有人提意见');
  expect(draft.text()).not.toContain(citizenText); // opinions are never published
});

test('a deputy comments on 第四条: the form and the done screen say it is marked as a deputy’s', async () => {
  await signInAsDeputy(deputyUser, deputy);
  const art = articleIds['第四条'];
  const p = open(`/consultation/opinion/index?id=${id}&article_id=${art}&station_id=${station.id}`);
  await waitFor(() => p.instance.data.ready || p.instance.data.loadError, 'the form', 15000);
  await waitFor(() => p.$('.of-deputy'), 'the deputy’s note', 15000);
  expect(textOf(p, '.of-deputy')).toBe('您是人大代表，这条意见会标明是代表提出的。');
  p.$('.of-content').dispatchEvent('input', { detail: { value: deputyText } });
  await p.tap('.of-consent');
  await flush();
  await p.tap('.of-submit');
  await waitFor(() => p.instance.data.done || p.instance.data.submitError, 'sent', 15000);
  expect(p.instance.data.submitError).toBe('');
  expect(textOf(p, '.of-done__deputy')).toBe('这条意见已标明是人大代表提出的。');

  const draft = await readDraft();
  expect(countOf(draft, '第四条')).toBe('已有 2 条意见');
});

test('the station’s staff enter what a consultation meeting said (HTTP API); it counts on 第八条', async () => {
  const staff = await staffToken();
  const start = new Date(Date.now() - 2 * 3600000);
  const meeting = await api(state.base_url, 'POST', '/api/v1/admin/activities', {
    station_id: station.id, kind: 'legislative_consultation', consultation_id: id, title: `微型公园规定征求意见座谈会 ${run}`,
    start_at: start.toISOString(), end_at: new Date(start.getTime() + 3600000).toISOString(), venue: '联络站会议室',
  }, staff);
  expect(meeting.status).toBe(201);
  const said = await api(state.base_url, 'POST', `/api/v1/admin/consultations/${id}/opinions`,
    { article_id: articleIds['第八条'], content: meetingText, station_id: station.id, activity_id: meeting.body.id }, staff);
  expect(said.status).toBe(201);
  expect(said.body.author_kind).toBe('meeting');
  meetingOpinion = said.body.id;

  as(citizenId);
  const draft = await readDraft();
  expect(countOf(draft, '第八条')).toBe('已有 1 条意见');
  expect(countOf(draft, '第四条')).toBe('已有 2 条意见');
});

test('the office closes it: a person whose form was open is told plainly that the opinion was not taken', async () => {
  const bridge = as(latecomerId);
  const art = articleIds['第五条'];
  const p = open(`/consultation/opinion/index?id=${id}&article_id=${art}&station_id=${station.id}`);
  await waitFor(() => p.instance.data.ready || p.instance.data.loadError, 'the form', 15000);
  expect(p.$('.of-submit')).not.toBeNull();
  p.$('.of-content').dispatchEvent('input', { detail: { value: lateText } });
  await p.tap('.of-consent');
  await flush();

  const office = await officeToken();
  const closed = await api(state.base_url, 'POST', `/api/v1/admin/consultations/${id}/close`, undefined, office);
  expect(closed.status).toBe(200);
  expect(closed.body.status).toBe('closed');

  await p.tap('.of-submit');
  await waitFor(() => p.$('.of-closed') || p.instance.data.done || p.instance.data.submitError, 'refused', 15000);
  expect(bridge.requests.filter((r) => r.method === 'POST' && r.url.includes('/opinions')).map((r) => r.status)).toEqual([409]);
  expect(textOf(p, '.of-closed__text')).toBe('征求意见已经结束，这条意见没有提交上去。感谢您的关心。');
  expect(p.$('.of-submit')).toBeNull();
  expect(p.text()).not.toContain('感谢您的意见');
  expect(p.text()).not.toMatch(/consultation|closed|409/);

  // the draft says it has ended and offers no way to comment; 第五条 still has none
  const draft = await readDraft();
  expect(textOf(draft, '.read-closed')).toContain('征求意见已结束');
  expect(draft.$('.article__comment')).toBeNull();
  expect(draft.$('.read-whole')).toBeNull();
  expect(countOf(draft, '第五条')).toBe('还没有人提意见');

  // and the station no longer lists it
  const st = render('station');
  st.instance.onLoad({ scene: encodeURIComponent(`s=${station.id}`) });
  await waitFor(() => st.instance.data.station, 'the station', 15000);
  await waitFor(() => bridge.requests.some((r) => r.url.includes('/api/v1/consultations?')), 'the list asked for', 15000);
  await flush();
  expect(st.$('.consult-block')).toBeNull();
});

test('the office answers each opinion; nobody sees an outcome until the review is finished', async () => {
  const office = await officeToken();
  const list = await api(state.base_url, 'GET', `/api/v1/admin/consultations/${id}/opinions?limit=100`, undefined, office);
  expect(list.status).toBe(200);
  const items = list.body.items as { id: number; author_kind: string; content: string; deputy_name: string | null; article_number: string | null }[];
  expect(items).toHaveLength(3);
  const byText = (text: string) => items.find((o) => o.content === text)!;
  citizenOpinion = byText(citizenText).id;
  deputyOpinion = byText(deputyText).id;
  expect(byText(citizenText)).toMatchObject({ author_kind: 'public', article_number: '第四条' });
  expect(byText(deputyText)).toMatchObject({ author_kind: 'deputy', deputy_name: deputy.name, article_number: '第四条' });
  expect(byText(meetingText)).toMatchObject({ id: meetingOpinion, author_kind: 'meeting', article_number: '第八条' });

  const adopted = await api(state.base_url, 'POST', `/api/v1/admin/consultations/${id}/opinions/${citizenOpinion}/review`, { outcome: 'adopted', reason: adoptReason }, office);
  expect(adopted.status).toBe(200);
  expect(adopted.body.outcome).toBe('adopted');

  // answered but not finished: the person still reads 正在研究
  as(citizenId);
  const mine = render('consultation/mine/index');
  mine.instance.onLoad({});
  await waitFor(() => mine.$(`.opinion-${citizenOpinion}`) || mine.instance.data.error, 'my opinions', 15000);
  expect(mine.instance.data.error).toBe('');
  expect(textOf(mine, `.opinion-${citizenOpinion}`)).toContain('正在研究');
  expect(textOf(mine, `.opinion-${citizenOpinion}`)).not.toContain(adoptReason);

  // every opinion must be answered first
  const early = await api(state.base_url, 'POST', `/api/v1/admin/consultations/${id}/finish-review`, undefined, office);
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('opinions_not_reviewed');

  const together = await api(state.base_url, 'POST', `/api/v1/admin/consultations/${id}/reviews`,
    { opinion_ids: [deputyOpinion, meetingOpinion], outcome: 'partly_adopted', reason: partlyReason }, office);
  expect(together.status).toBe(200);
  expect(together.body.items.map((o: { outcome: string }) => o.outcome)).toEqual(['partly_adopted', 'partly_adopted']);

  const finished = await api(state.base_url, 'POST', `/api/v1/admin/consultations/${id}/finish-review`, undefined, office);
  expect(finished.status).toBe(200);
  expect(finished.body.status).toBe('reviewed');
});

test('the person’s 我的立法意见 shows the opinion 已采纳 with the reason; the draft says the review is done', async () => {
  as(citizenId);
  const home = render('index');
  home.instance.onLoad({});
  await home.tap('.home-opinions');
  expect(g().navigateTo).toHaveBeenCalledWith({ url: '/consultation/mine/index' });

  const mine = open('/consultation/mine/index');
  await waitFor(() => mine.$(`.opinion-${citizenOpinion}`) || mine.instance.data.error, 'my opinions', 15000);
  expect(mine.instance.data.error).toBe('');
  const card = textOf(mine, `.opinion-${citizenOpinion}`);
  expect(textOf(mine, `.opinion-${citizenOpinion} .opinion__outcome`)).toBe('已采纳');
  expect(card).toContain(`《${TITLE}》`);
  expect(card).toContain('对第四条提的意见');
  expect(card).toContain(citizenText.slice(0, 20));
  expect(card).toContain(`理由：${adoptReason}`);
  expect(card).not.toContain('正在研究');
  // only their own: not the deputy's, nor the meeting's
  expect(mine.$(`.opinion-${deputyOpinion}`)).toBeNull();
  expect(mine.$(`.opinion-${meetingOpinion}`)).toBeNull();

  const draft = await readDraft();
  expect(textOf(draft, '.read-closed')).toContain('意见已研究完毕');
  expect(countOf(draft, '第四条')).toBe('已有 2 条意见');
});

test('the deputy’s 我的立法意见 shows 部分采纳 with the reason; the performance file counts the opinion', async () => {
  await signInAsDeputy(deputyUser, deputy);
  const mine = open('/consultation/mine/index');
  await waitFor(() => mine.$(`.opinion-${deputyOpinion}`) || mine.instance.data.error, 'my opinions', 15000);
  expect(mine.instance.data.error).toBe('');
  expect(textOf(mine, `.opinion-${deputyOpinion} .opinion__outcome`)).toBe('部分采纳');
  expect(textOf(mine, `.opinion-${deputyOpinion}`)).toContain(`理由：${partlyReason}`);
  expect(mine.$(`.opinion-${citizenOpinion}`)).toBeNull();

  // 履职档案: the deputy's own opinion counts this year; the meeting's does not
  const record = open('/deputy/record/index');
  await waitFor(() => record.instance.data.total || record.instance.data.error || record.instance.data.notDeputy, 'the performance file', 15000);
  expect(record.instance.data.error).toBe('');
  expect(textOf(record, '.record-legislative')).toContain('立法征询');
  expect(textOf(record, '.record-opinions')).toBe('对法规草案提出意见 1 条。');
});
