// Answers shaped as the backend gives them (server/api/openapi.yaml).
export const station = {
  id: 12,
  name: '兴宁区民生街道人大代表联络站',
  kind: 'community',
  topic: '',
  address: '南宁市兴宁区民生路88号',
  latitude: 22.81735,
  longitude: 108.31899,
  open_hours: '周一至周五 9:00-12:00',
  area: { code: '450102001', name: '民生街道' },
  deputies: [
    { id: 1, name: '覃海燕', levels: ['national', 'regional'], convenor: false },
    { id: 3, name: '韦建国', levels: ['city', 'county'], convenor: true },
  ],
};

export const schedule = {
  items: [
    {
      id: 5, kind: 'reception_day', title: '代表接待日：倾听民生', start_at: '2026-12-03T09:30:00+08:00', end_at: '2026-12-03T11:30:00+08:00',
      venue: '民生街道办事处二楼', latitude: null, longitude: null, deputies: [{ id: 3, name: '韦建国', levels: ['city'] }, { id: 1, name: '覃海燕', levels: ['national'] }],
    },
    {
      id: 6, kind: 'study', title: '集中学习', start_at: '2026-12-05T09:30:00+08:00', end_at: '2026-12-05T11:30:00+08:00',
      venue: '会议室', deputies: [],
    },
  ],
  next_cursor: '',
};

export const answers = {
  items: [
    { id: 40, category: 'transport', content: '路口红绿灯太短，老人过不去', reply: '已协调交警把绿灯延长到 45 秒', submitted_at: '2026-11-02T10:00:00+08:00', replied_at: '2026-11-09T16:00:00+08:00' },
  ],
  next_cursor: '',
};

/** The steps a station's staff may take in each status, as the server answers them
 *  (server/messages: AllowedActions); a message's `actions` unless a test says otherwise. */
const staffSteps: Record<string, string[]> = {
  submitted: ['accept', 'reject'],
  accepted: ['assign', 'reply'],
  assigned: ['assign', 'transfer', 'reply'],
  transferred: ['reply'],
  reopened: ['assign', 'transfer', 'reply'],
  replied: ['promise', 'close'],
  promised: ['close'],
};

export function message(over: Record<string, unknown> = {}) {
  const status = typeof over.status === 'string' ? over.status : 'submitted';
  return {
    actions: staffSteps[status] || [],
    id: 4, code: 'LX2612-5CKM', station_id: 12, station_name: '兴宁区民生街道人大代表联络站', category: 'transport',
    content: '路口红绿灯太短了，老人过不去', name: '', phone: '', anonymous: false, publish: false, walk_in: false, status: 'submitted',
    deputy_id: null, unit_id: null, reply: null, promise: '', promise_due_at: null, fulfilled: null, rating: null, rating_comment: '',
    accept_due: '2026-12-08T00:00:00+08:00', reply_due: '2026-12-24T00:00:00+08:00', overdue: false, accepted_at: null, replied_at: null,
    closed_at: null, created_at: '2026-12-02T06:42:13+08:00', images: [],
    timeline: [{ action: 'submit', at: '2026-12-02T06:42:13+08:00', note: '' }],
    ...over,
  };
}

// ---- deputies and staff ----

export const deputyMe = {
  id: 9, roles: [{ role: 'deputy', deputy_id: 1 }],
  deputy: { id: 1, name: '覃海燕', levels: ['national', 'regional'], grassroots: false, phone: '138****8001', station_ids: [12] },
};

export const staffMe = { id: 2, roles: [{ role: 'staff', station_ids: [12] }], deputy: null };
export const areaStaffMe = { id: 5, roles: [{ role: 'staff', area_code: '450102' }], deputy: null };

/** An ISO time in +08:00, `minutes` from now. */
export function inMinutes(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60000 + 8 * 3600000);
  return d.toISOString().slice(0, 19) + '+08:00';
}

export function myActivity(over: Record<string, unknown> = {}) {
  return {
    id: 21, station_id: 12, station_name: '兴宁区民生街道人大代表联络站', kind: 'reception_day', kind_name: '代表接待日',
    title: '代表接待日：倾听民生', description: '听取群众对老旧小区改造的意见', start_at: '2099-12-03T09:30:00+08:00', end_at: '2099-12-03T11:30:00+08:00',
    venue: '民生街道办事处二楼', latitude: 22.81735, longitude: 108.31899, status: 'published', cancel_reason: '',
    rsvp: '', rsvp_reason: '', checked_in_at: null,
    ...over,
  };
}

export const record = {
  deputy_id: 1, name: '覃海燕', year: 2026,
  kinds: [
    { kind: 'reception_day', kind_name: '代表接待日', invited: 4, attended: 3, on_leave: 1, absent: 0 },
    { kind: 'study', kind_name: '集中学习', invited: 2, attended: 1, on_leave: 0, absent: 1 },
    { kind: 'visit', kind_name: '集中走访群众', invited: 0, attended: 0, on_leave: 0, absent: 0 },
  ],
  total: { kind: 'total', kind_name: '合计', invited: 6, attended: 4, on_leave: 1, absent: 1 },
  messages_assigned: 3, messages_replied: 2,
  messages_received: 4, messages_answered: 3, messages_median_reply_hours: 30.5,
  legislative_opinions: 2,
};

export function adminActivity(over: Record<string, unknown> = {}) {
  return {
    id: 31, station_id: 12, station_name: '兴宁区民生街道人大代表联络站', group_id: null, kind: 'reception_day', kind_name: '代表接待日',
    title: '代表接待日：倾听民生', description: '', start_at: '2099-12-03T09:30:00+08:00', end_at: '2099-12-03T11:30:00+08:00',
    venue: '民生街道办事处二楼', latitude: 22.81735, longitude: 108.31899, checkin_radius_m: 300,
    invitees: { deputy_ids: [], station_id: 12, group_id: 0 }, status: 'draft', version: 0, cancel_reason: '', published_at: null, cancelled_at: null,
    ...over,
  };
}

export const notice = (id: number, kind: string, status: string, last_error = '') => ({ id, kind, channel: 'sms', status, last_error, sent_at: null, delivered_at: null });

export function activityDetail(over: Record<string, unknown> = {}) {
  return {
    ...adminActivity({ status: 'published', version: 1 }),
    counts: { invited: 3, attend: 1, leave: 1, no_answer: 1, checked_in: 1 },
    invitee_status: [
      { deputy_id: 1, name: '覃海燕', rsvp: 'attend', rsvp_reason: '', checked_in_at: '2099-12-03T09:12:00+08:00', checkin_method: 'code', checkin_note: '', distance_m: 35,
        notices: [notice(1, 'activity_notice', 'delivered')],
        employer: { name: '广西壮族自治区人民医院', contact_name: '李娟', contact_phone: '13907710001', contact_phone_kind: 'mobile', to_phone: false,
          notified: true, delivered: true, opened_at: '2099-12-01T10:00:00+08:00', acknowledged_at: '2099-12-01T10:05:00+08:00', notices: [notice(2, 'employer_notice', 'delivered')] } },
      { deputy_id: 2, name: '黄秀兰', rsvp: 'leave', rsvp_reason: '外出学习', checked_in_at: null, checkin_method: null, checkin_note: null, distance_m: null,
        notices: [notice(3, 'activity_notice', 'sent')],
        employer: { name: '南宁市第二中学', contact_name: '梁志明', contact_phone: '0771-5550002', contact_phone_kind: 'landline', to_phone: true,
          notified: false, delivered: false, opened_at: null, acknowledged_at: null, notices: [notice(4, 'employer_notice', 'skipped', '座机无法接收短信，请电话通知')] } },
      { deputy_id: 3, name: '韦建国', rsvp: '', rsvp_reason: '', checked_in_at: null, checkin_method: null, checkin_note: null, distance_m: null,
        notices: [notice(5, 'activity_notice', 'failed', '发送失败')],
        employer: null },
    ],
    ...over,
  };
}

export const deputies = {
  items: [
    { id: 1, name: '覃海燕', phone: '13800138001', levels: ['national'], employer: { name: '广西壮族自治区人民医院', contact_name: '李娟', contact_phone: '0771-5551234' }, station_ids: [12], active: true },
    { id: 2, name: '黄秀兰', phone: '13800138002', levels: ['city'], employer: { name: '南宁市第二中学', contact_name: '梁志明', contact_phone: '0771-5550002' }, station_ids: [12], active: true },
    { id: 3, name: '韦建国', phone: '13800138003', levels: ['county'], employer: { name: '', contact_name: '', contact_phone: '' }, station_ids: [12], active: true },
  ],
  next_cursor: '',
};

// ---- a deputy's public card (GET /api/v1/deputies/{id}) ----

/** The card as GET /api/v1/deputies/{id} gives it. */
export function deputyCard(over: Record<string, unknown> = {}) {
  return {
    id: 12, name: '韦建国', levels: ['city', 'county'], active: true,
    stations: [{ id: 12, name: '兴宁区民生街道人大代表联络站' }],
    reception_days: [
      { id: 7, title: '代表接待日：倾听民生', start_at: '2099-12-10T09:30:00+08:00', end_at: '2099-12-10T11:30:00+08:00', venue: '民生街道办事处二楼', station_id: 12, station_name: '兴宁区民生街道人大代表联络站' },
      { id: 5, title: '代表接待日', start_at: '2099-12-03T14:30:00+08:00', end_at: '2099-12-03T16:30:00+08:00', venue: '', station_id: 12, station_name: '兴宁区民生街道人大代表联络站' },
      { id: 2, title: '代表接待日', start_at: '2020-01-03T09:30:00+08:00', end_at: '2020-01-03T11:30:00+08:00', venue: '', station_id: 12, station_name: '兴宁区民生街道人大代表联络站' },
    ],
    ...over,
  };
}

// ---- consultations on draft regulations (立法征询) ----

/** One of GET /api/v1/consultations?station_id= (open consultations that reach the station). */
export function consultationSummary(over: Record<string, unknown> = {}) {
  return {
    id: 3, title: '南宁市物业管理条例（草案征求意见稿）', opens_at: '2026-12-01T00:00:00+08:00', closes_at: '2026-12-31T23:59:59+08:00', status: 'open', articles: 3,
    ...over,
  };
}

/** GET /api/v1/consultations/{id}: the draft split into articles, each with how many opinions it received. */
export function consultation(over: Record<string, unknown> = {}) {
  const { articles: _count, ...brief } = consultationSummary();
  return {
    ...brief,
    explanation: '为了规范物业管理活动，维护业主和物业服务人的合法权益，市人大常委会法制工作委员会起草了本条例草案。现向社会公开征求意见，欢迎提出修改意见和建议。',
    articles: [
      { id: 31, number: '第一条', chapter: '第一章 总则', text: '为了规范物业管理活动，维护业主、物业使用人和物业服务人的合法权益，根据有关法律法规，结合本市实际，制定本条例。', opinions: 0 },
      { id: 32, number: '第二条', chapter: '第一章 总则', text: '本条例适用于本市行政区域内的物业管理活动及其监督管理。', opinions: 3 },
      { id: 33, number: '第十二条', chapter: '第二章 业主和业主大会', text: '业主大会会议可以采用集体讨论的形式，也可以采用书面征求意见的形式。\n采用书面征求意见形式的，应当将征求意见书送交每一位业主。', opinions: 1 },
    ],
    ...over,
  };
}

/** One of GET /api/v1/me/opinions (reason null until reviewed). */
export function myOpinion(over: Record<string, unknown> = {}) {
  return {
    id: 70, consultation_id: 3, consultation_title: '南宁市物业管理条例（草案征求意见稿）', article_id: 33, article_number: '第十二条',
    content: '书面征求意见书应当允许业主通过微信小程序签收，方便在外地工作的业主。', created_at: '2026-12-05T10:20:00+08:00',
    outcome: null, reason: null,
    ...over,
  };
}

/** A tally of opinions and outcomes (ConsultationTally), the adoption rate as the server rounds it. */
export function tally(opinions: number, adopted: number, partly: number, notAdopted: number, forReference: number) {
  const reviewed = adopted + partly + notAdopted + forReference;
  return {
    opinions, reviewed, adopted, partly_adopted: partly, not_adopted: notAdopted, for_reference: forReference,
    adoption_rate: reviewed ? Math.round(((adopted + partly) / reviewed) * 10000) / 10000 : null,
  };
}

const meeting = { id: 31, name: '立法征询座谈会：物业管理条例' };

/** An opinion a station passes on (OpinionToPassOn): said at a meeting or by a walk-in who left no phone. */
export function passOn(over: Record<string, unknown> = {}) {
  return {
    id: 90, article_number: '第十二条', content: '征求意见书贴在楼道里，老人看不清字，希望开会的时候念给大家听。', name: '黄大爷',
    activity: meeting, outcome: 'partly_adopted', reason: '已增加“可以在业主会议上宣读”的规定；是否每次都宣读，由业主大会决定。',
    created_at: '2026-12-05T15:10:00+08:00',
    ...over,
  };
}

/**
 * GET /api/v1/admin/consultations/3/stats as a station's staff get it once the review is
 * finished: their stations' rows (民生 with three to pass on, 朝阳 with one, 三塘 with none).
 */
export function consultationStats(over: Record<string, unknown> = {}) {
  const row = (id: number, name: string, t: ReturnType<typeof tally>, toPassOn: unknown[]) => ({
    ...t, station: { id, name }, area_code: '450102', area_name: '兴宁区', to_pass_on: toPassOn,
  });
  return {
    consultation_id: 3, title: '南宁市物业管理条例（草案征求意见稿）', status: 'reviewed',
    total: tally(9, 3, 2, 2, 2),
    stations: [
      row(12, '兴宁区民生街道人大代表联络站', tally(5, 2, 1, 1, 1), [
        passOn(),
        passOn({ id: 91, article_number: null, content: '草案条文太长，希望另外出一份一页纸的简明说明，方便老人看。', name: '', outcome: 'adopted', reason: '' }),
        passOn({ id: 94, article_number: '第二条', content: '农村自建房的小区也应当适用本条例。', name: '', activity: null, outcome: 'not_adopted',
          reason: '农村自建房不属于物业管理区域，另有村庄规划的规定。', created_at: '2026-12-08T10:05:00+08:00' }),
      ]),
      row(13, '兴宁区朝阳街道人大代表联络站', tally(3, 1, 1, 0, 1), [
        passOn({ id: 95, article_number: '第一条', content: '希望写明物业费涨价要先开业主大会。', name: '陆阿姨', activity: { id: 40, name: '朝阳街道代表接待日' }, outcome: 'for_reference', reason: '',
          created_at: '2026-12-10T09:40:00+08:00' }),
      ]),
      row(15, '兴宁区三塘镇人大代表联络站', tally(1, 0, 0, 1, 0), []),
    ],
    areas: [{ area_code: '450102', area_name: '兴宁区', ...tally(9, 3, 2, 2, 2) }],
    ...over,
  };
}
