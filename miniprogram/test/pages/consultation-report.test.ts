// 采纳情况转告 (staff/consultation-report): what the WeChat notice 请转告答复 opens once the office
// has reviewed a draft — per station the opinions whose authors left no phone, with the
// outcome and the reason, for the staff to read out at the next meeting and tell the deputies.
// The fake answers are checked against the OpenAPI document (contract.ts).
import { fastConfig, FakeServer, installWx, render, Rendered, waitFor } from '../helpers';
import { schemaProblems } from '../contract';
import * as fx from '../fixtures';
import { forgetMeta } from '../../src/api/meta';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

const STATS = '/api/v1/admin/consultations/3/stats';

/** The stats as the server answers them, checked against the document first. */
function answer(body: ReturnType<typeof fx.consultationStats>) {
  expect(schemaProblems('ConsultationStats', body)).toEqual([]);
  server.on('GET', STATS, { body });
}

beforeEach(() => {
  fastConfig();
  forgetMeta();
  server.reset();
  answer(fx.consultationStats());
  w = installWx(server);
});

async function opened(options: Record<string, string>): Promise<Rendered> {
  const p = render('staff/consultation-report/index');
  p.instance.onLoad(options);
  await waitFor(() => !p.instance.data.loading && (p.instance.data.shown || p.instance.data.error), 'the report');
  return p;
}

/** The text of one opinion's card. */
const card = (p: Rendered, id: number) => (p.$(`.pass-on-${id}`).dom.textContent || '').replace(/\s+/g, ' ');

test('the fixtures are what the server answers, and the check catches one that is not', () => {
  expect(schemaProblems('ConsultationStats', fx.consultationStats())).toEqual([]);
  const wrong = fx.consultationStats({ status: 'finished', extra: 1 });
  (wrong.stations[0].to_pass_on[0] as Record<string, unknown>).outcome = 'accepted';
  delete (wrong.stations[1] as Record<string, unknown>).to_pass_on;
  expect(schemaProblems('ConsultationStats', wrong).sort()).toEqual([
    'ConsultationStats.extra: not in the schema',
    'ConsultationStats.stations[0].to_pass_on[0].outcome: "accepted" is not one of adopted, partly_adopted, not_adopted, for_reference',
    'ConsultationStats.stations[1].to_pass_on: missing',
    'ConsultationStats.status: "finished" is not one of draft, open, closed, reviewed',
  ]);
});

test('reviewed: the draft, each station with opinions to pass on, each opinion with its outcome and reason', async () => {
  const p = await opened({ id: '3' });
  expect(server.callsTo('GET', STATS)).toHaveLength(1);
  const t = p.text();
  expect(p.$('.report-title').dom.textContent).toBe('《南宁市物业管理条例（草案征求意见稿）》');
  expect(t).toContain('提意见的人没有留联系方式，系统无法直接通知');
  // the stations with opinions to pass on, each with its sentence; 三塘 has none
  expect(p.$('.report-station-12').dom.textContent).toContain('兴宁区民生街道人大代表联络站');
  expect(t).toContain('本站提出意见 5 条，采纳 2 条、部分采纳 1 条。以下 3 条请转告提意见的人和参会代表：');
  expect(t).toContain('本站提出意见 3 条，采纳 1 条、部分采纳 1 条。以下 1 条请转告提意见的人和参会代表：');
  expect(p.$('.report-station-15')).toBeNull();
  expect(t).not.toContain('三塘镇');

  // a meeting's opinion with the name its author left: partly adopted, with the reason
  const a = card(p, 90);
  expect(a).toContain('第十二条');
  expect(a).toContain('征求意见书贴在楼道里，老人看不清字，希望开会的时候念给大家听。');
  expect(a).toContain('提出人：黄大爷');
  expect(a).toContain('在“立法征询座谈会：物业管理条例”上提出，2026年12月5日');
  expect(a).toContain('采纳情况：部分采纳');
  expect(a).toContain('理由：已增加“可以在业主会议上宣读”的规定；是否每次都宣读，由业主大会决定。');
  // on the whole draft, no name: adopted, and no empty 理由
  const b = card(p, 91);
  expect(b).toContain('草案整体');
  expect(b).not.toContain('提出人');
  expect(b).toContain('在“立法征询座谈会：物业管理条例”上提出，2026年12月5日');
  expect(b).toContain('采纳情况：已采纳');
  expect(b).not.toContain('理由');
  // a walk-in's: 到站提出, not adopted, with the reason
  const c = card(p, 94);
  expect(c).toContain('第二条');
  expect(c).toContain('到站提出，2026年12月8日');
  expect(c).toContain('采纳情况：未采纳');
  expect(c).toContain('理由：农村自建房不属于物业管理区域，另有村庄规划的规定。');
  // the other station's: for reference, said at a reception day
  const d = card(p, 95);
  expect(d).toContain('第一条');
  expect(d).toContain('提出人：陆阿姨');
  expect(d).toContain('在“朝阳街道代表接待日”上提出，2026年12月10日');
  expect(d).toContain('采纳情况：留作参考');
  // the printable sheet is the console's
  expect(t).toContain('要打印转告单贴在联络站，请在电脑上的管理后台打开“立法征询”');
  expect(p.$('.report-console-address').dom.textContent).toBe('http://liaison.test/console/');
});

test('with station_id: only that station\'s part', async () => {
  const p = await opened({ id: '3', station_id: '13' });
  const t = p.text();
  expect(t).toContain('兴宁区朝阳街道人大代表联络站');
  expect(t).toContain('本站提出意见 3 条，采纳 1 条、部分采纳 1 条。以下 1 条请转告提意见的人和参会代表：');
  expect(t).toContain('希望写明物业费涨价要先开业主大会。');
  expect(t).not.toContain('民生街道');
  expect(t).not.toContain('黄大爷');
  expect(p.$('.pass-on-90')).toBeNull();
});

test('not reviewed yet: says the office has not finished, and lists nothing', async () => {
  const waiting = fx.consultationStats({ status: 'closed' });
  for (const s of waiting.stations) for (const o of s.to_pass_on as Record<string, unknown>[]) Object.assign(o, { outcome: null, reason: null });
  answer(waiting);
  const p = await opened({ id: '3', station_id: '12' });
  const t = p.text();
  expect(t).toContain('南宁市物业管理条例（草案征求意见稿）');
  expect(p.$('.report-waiting').dom.textContent).toBe('立法工作人员还没有研究完这部草案收到的意见，答复还没有出来。研究完毕后，再打开这一页看要转告的结果。');
  expect(p.$('.pass-on-90')).toBeNull();
  expect(t).not.toContain('本站提出意见');
  expect(t).not.toContain('正在研究');
});

test('nothing to pass on: everyone who commented left a contact and was told', async () => {
  const told = fx.consultationStats();
  for (const s of told.stations) s.to_pass_on = [];
  answer(told);
  const p = await opened({ id: '3' });
  expect(p.$('.report-none').dom.textContent).toBe('这部草案在您负责的联络站没有需要转告的意见：提意见的人都留了联系方式，系统已经直接通知了他们。');
  expect(p.text()).not.toContain('本站提出意见');
  expect(p.text()).not.toContain('要打印转告单');
});

test("nothing to pass on at the station asked for, though another of the staff's stations has some", async () => {
  const p = await opened({ id: '3', station_id: '15' });
  expect(p.$('.report-none').dom.textContent).toBe('这部草案在本站没有需要转告的意见：提意见的人都留了联系方式，系统已经直接通知了他们。');
  expect(p.text()).not.toContain('黄大爷');
});

test('404 (not a station of theirs, or no such draft): a plain sentence and a way back, no 重试', async () => {
  server.on('GET', STATS, { status: 404, body: { error: { code: 'consultation_not_found', message: '征求意见不存在' } } });
  const p = await opened({ id: '3', station_id: '12' });
  expect(p.text()).toContain('没有找到要转告的内容：这部法规草案不存在，或者没有在您负责的联络站征求意见。');
  expect(p.$('.state__retry')).toBeNull();
  expect(p.$('.report-head')).toBeNull();
  await p.tap('.state__back');
  expect(w.wx.navigateBack).toHaveBeenCalledTimes(1);
});

test('no id in the options: says so, asks nothing', async () => {
  const p = render('staff/consultation-report/index');
  p.instance.onLoad({});
  await waitFor(() => p.instance.data.error, 'error');
  expect(p.text()).toContain('没有指明要转告的是哪部法规草案');
  expect(p.$('.state__retry')).toBeNull();
  expect(server.callsTo('GET', STATS)).toHaveLength(0);
});

test('the network down: 重试 reads it again', async () => {
  server.down = true;
  const p = await opened({ id: '3', station_id: '12' });
  expect(p.text()).toContain('网络连接不上');
  server.down = false;
  await p.tap('.state__retry');
  await waitFor(() => p.text().includes('以下 3 条请转告提意见的人和参会代表'), 'after retry');
});

test('large type: the page asks for the larger root font size', async () => {
  w.storage.set('liaison.largeType', true);
  const p = await opened({ id: '3' });
  expect(p.instance.data.large).toBe(true);
  expect(p.instance.data.rootFontSize).not.toBe('system');
  expect(p.$('.page--large')).toBeTruthy();
});
