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

export function message(over: Record<string, unknown> = {}) {
  return {
    id: 4, code: 'LX2612-5CKM', station_id: 12, station_name: '兴宁区民生街道人大代表联络站', category: 'transport',
    content: '路口红绿灯太短了，老人过不去', name: '', phone: '', anonymous: false, publish: false, walk_in: false, status: 'submitted',
    deputy_id: null, unit_id: null, reply: null, promise: '', promise_due_at: null, fulfilled: null, rating: null, rating_comment: '',
    accept_due: '2026-12-08T00:00:00+08:00', reply_due: '2026-12-24T00:00:00+08:00', overdue: false, accepted_at: null, replied_at: null,
    closed_at: null, created_at: '2026-12-02T06:42:13+08:00', images: [],
    timeline: [{ action: 'submit', at: '2026-12-02T06:42:13+08:00', note: '' }],
    ...over,
  };
}
