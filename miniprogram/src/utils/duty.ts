// Words, times and small rules of the deputies' and the staff's pages.
// Times are those of Asia/Shanghai (+08:00), whatever the phone's own time zone.
import { rules } from '../api/rules';
import type { TransitionInput } from '../api/types';
import { ApiError, messageOf } from '../services/errors';
import { dayWords, timeWords } from './format';

const SHANGHAI = 8 * 3600 * 1000;

/** 'YYYY-MM-DD' of a moment (default now) in Asia/Shanghai. */
export function shanghaiDate(ms = Date.now()): string {
  return new Date(ms + SHANGHAI).toISOString().slice(0, 10);
}

/** 'HH:mm' of a moment in Asia/Shanghai. */
export function shanghaiTime(ms = Date.now()): string {
  return new Date(ms + SHANGHAI).toISOString().slice(11, 16);
}

export function shanghaiYear(ms = Date.now()): number {
  return Number(shanghaiDate(ms).slice(0, 4));
}

/** A picker's date and time as the API wants them: 2026-12-03T09:30:00+08:00. */
export function isoAt(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

/** The date and the time of an API time, for pickers. */
export function pickerParts(iso: string | null | undefined): { date: string; time: string } {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(iso || '');
  return m ? { date: m[1], time: m[2] } : { date: '', time: '' };
}

/** "8:30": hours without a leading zero, as people say them. */
export function clockWords(iso: string | null | undefined): string {
  const t = timeWords(iso);
  return t ? t.replace(/^0(\d)/, '$1') : '';
}

/** "12月3日（星期四） 09:30–11:30" */
export function spanWords(start: string, end: string): string {
  const sameDay = (start || '').slice(0, 10) === (end || '').slice(0, 10);
  return sameDay ? `${dayWords(start)} ${timeWords(start)}–${timeWords(end)}` : `${dayWords(start)} ${timeWords(start)} 至 ${dayWords(end)} ${timeWords(end)}`;
}

/** "约 1.8 公里" / "约 650 米" */
export function farWords(m: number): string {
  if (m >= 1000) return `约 ${(m / 1000).toFixed(1)} 公里`;
  return `约 ${Math.max(1, Math.round(m))} 米`;
}

/** How long before the start check-in opens, in minutes: the backend's rule (GET /meta). */
export function checkinLeadMinutes(): number {
  return rules().checkin_window.opens_before_minutes;
}

export function checkinOpensAt(startAt: string): number {
  return Date.parse(startAt) - checkinLeadMinutes() * 60000;
}

/** Whether check-in is open now for an activity. */
export function checkinOpen(a: { start_at: string; end_at: string; status: string }, now = Date.now()): boolean {
  return a.status === 'published' && now >= checkinOpensAt(a.start_at) && now <= Date.parse(a.end_at);
}

/** "1 小时", "90 分钟": how long before the start the window opens (default: the backend's rule). */
export function leadWords(minutes = checkinLeadMinutes()): string {
  return minutes % 60 === 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`;
}

/**
 * A check-in refusal in plain words, with the numbers. `activity` gives the times when known;
 * a `checkin_window_closed` refusal's own `fields.opens_at` and `fields.closes_at` are believed
 * first (the backend's rule), the activity's start less the window of GET /meta is the fallback.
 */
export function checkinRefusal(err: unknown, activity?: { start_at: string; end_at: string; status?: string } | null, now = Date.now()): string {
  if (!(err instanceof ApiError)) return messageOf(err);
  switch (err.code) {
    case 'outside_radius': {
      const d = Number(err.fields.distance_m);
      const r = Number(err.fields.radius_m);
      if (Number.isFinite(d) && Number.isFinite(r) && d > 0) {
        return `您距会场${farWords(d)}，超出签到范围（${r} 米）。请到会场后再扫码签到。`;
      }
      return '您不在会场的签到范围内。请到会场后再扫码签到。';
    }
    case 'checkin_window_closed': {
      if (activity && activity.status === 'cancelled') return '这次活动已取消，不用签到。';
      const start = activity ? Date.parse(activity.start_at) : NaN;
      const told = Date.parse(err.fields.opens_at || '');
      const opens = Number.isFinite(told) ? told : Number.isFinite(start) ? checkinOpensAt(activity!.start_at) : NaN;
      const toldCloses = Date.parse(err.fields.closes_at || '');
      const closes = Number.isFinite(toldCloses) ? toldCloses : activity ? Date.parse(activity.end_at) : NaN;
      if (Number.isFinite(closes) && now > closes) {
        return '这次活动已经结束，不能再扫码签到。如果您参加了，请联系联络站工作人员补登。';
      }
      if (Number.isFinite(opens) && now < opens) {
        const iso = new Date(opens + SHANGHAI).toISOString().replace('Z', '+08:00');
        const today = shanghaiDate(now) === shanghaiDate(opens);
        const lead = Number.isFinite(start) ? Math.round((start - opens) / 60000) : 0;
        return `签到将于${today ? ' ' : ` ${dayWords(iso)} `}${clockWords(iso)} 开始${lead > 0 ? `（活动开始前 ${leadWords(lead)}）` : ''}。请到时再扫码。`;
      }
      return `现在不在签到时间内（活动开始前 ${leadWords()}到活动结束）。`;
    }
    case 'invalid_code':
      return '签到码已过期，请重新扫描会场屏幕上的二维码。';
    case 'activity_not_found':
      return '您不在这次活动的邀请名单中，不能签到。如有疑问请联系联络站工作人员。';
    default:
      if (err.kind === 'not_found') return '您不在这次活动的邀请名单中，不能签到。如有疑问请联系联络站工作人员。';
      return err.message;
  }
}

export function rsvpWords(rsvp: string, reason = ''): string {
  if (rsvp === 'attend') return '参加';
  if (rsvp === 'leave') return reason ? `请假（${reason}）` : '请假';
  return '还没有答复';
}

const activityStatusNames: Record<string, string> = {
  draft: '草稿（未发布）',
  published: '已发布',
  finished: '已结束',
  cancelled: '已取消',
};

export function activityStatusWords(s: string): string {
  return activityStatusNames[s] || s;
}

const noticeStatusNames: Record<string, string> = {
  pending: '等待发送',
  sending: '正在发送',
  sent: '已发出',
  delivered: '已送达',
  failed: '发送失败',
  unknown: '不确定是否送达',
  skipped: '未发送',
};

export function noticeStatusWords(s: string): string {
  return noticeStatusNames[s] || '未知';
}

const staffStatusNames: Record<string, string> = {
  submitted: '待受理',
  accepted: '已受理',
  assigned: '已交代表办理',
  transferred: '已转交部门',
  replied: '已答复，待评价',
  promised: '已承诺，待落实',
  reopened: '群众反映未落实，重新办理',
  rejected: '不予受理',
  closed: '已办结',
};

export function staffStatusWords(s: string): string {
  return staffStatusNames[s] || s;
}

/** A handling step of a message (POST /admin/messages/{id}/transitions). Which of them a
 *  person may take now is the message's own `actions`, from the server's lifecycle. */
export type ActionName = TransitionInput['action'];

export const actionLabels: Record<ActionName, string> = {
  accept: '受理',
  assign: '交给代表办理',
  transfer: '转交承办单位',
  reply: '答复群众',
  promise: '承诺限期办理',
  reject: '不予受理',
  close: '办结',
  hand_over: '转交联络站办理',
};

const periodNames: Record<string, string> = { month: '每月', quarter: '每季度', half_year: '每半年', year: '每年' };

export function ruleWords(period: string, atLeast: number): string {
  return `${periodNames[period] || '每期'}至少 ${atLeast} 次`;
}

/** "2026-Q1" → "第一季度", "2026-03" → "3月", "2026-H2" → "下半年", "2026" → "全年". */
export function periodWords(p: string): string {
  let m = /^\d{4}-(\d{2})$/.exec(p);
  if (m) return `${Number(m[1])}月`;
  m = /^\d{4}-Q(\d)$/.exec(p);
  if (m) return `第${'一二三四'[Number(m[1]) - 1] || m[1]}季度`;
  m = /^\d{4}-H(\d)$/.exec(p);
  if (m) return m[1] === '1' ? '上半年' : '下半年';
  return '全年';
}

/** Upper case, without spaces; the dashes are put back: K7QM-3XRT-9HPA. */
export function normalizeInvite(text: string): string {
  const raw = (text || '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  return raw.length === 12 ? `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}` : raw;
}
