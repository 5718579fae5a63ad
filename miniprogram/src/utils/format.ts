// Words and dates as the pages show them.
// The backend answers times in Asia/Shanghai (+08:00); they are shown as written there,
// whatever the phone's own time zone.

import { Level, RatingValue } from '../api/types';

const levelNames: Record<Level, string> = {
  national: '全国人大代表',
  regional: '自治区人大代表',
  city: '市人大代表',
  county: '县（区）人大代表',
  township: '乡镇人大代表',
};

export function levelWords(levels: Level[] | undefined): string {
  return (levels || []).map((l) => levelNames[l] || '人大代表').join('、') || '人大代表';
}

interface Parts {
  y: number;
  m: number;
  d: number;
  hh: string;
  mm: string;
}

function parts(iso: string | null | undefined): Parts | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(iso || '');
  if (!m) return null;
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), hh: m[4], mm: m[5] };
}

const weekdays = ['日', '一', '二', '三', '四', '五', '六'];

/** 2026年12月3日 */
export function dateWords(iso: string | null | undefined): string {
  const p = parts(iso);
  return p ? `${p.y}年${p.m}月${p.d}日` : '';
}

/** 12月3日（星期四） */
export function dayWords(iso: string | null | undefined): string {
  const p = parts(iso);
  if (!p) return '';
  const wd = new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
  return `${p.m}月${p.d}日（星期${weekdays[wd]}）`;
}

/** 09:30 */
export function timeWords(iso: string | null | undefined): string {
  const p = parts(iso);
  return p ? `${p.hh}:${p.mm}` : '';
}

/** 2026年12月3日 09:30 */
export function dateTimeWords(iso: string | null | undefined): string {
  const p = parts(iso);
  return p ? `${dateWords(iso)} ${p.hh}:${p.mm}` : '';
}

/** 12月7日 09:30 */
export function monthDayTimeWords(iso: string | null | undefined): string {
  const p = parts(iso);
  return p ? `${p.m}月${p.d}日 ${p.hh}:${p.mm}` : '';
}

export function distanceWords(m: number | undefined): string {
  if (m === undefined || m === null) return '';
  if (m < 1000) return `距您约 ${Math.max(10, Math.round(m / 10) * 10)} 米`;
  return `距您约 ${(m / 1000).toFixed(1)} 公里`;
}

const statusNames: Record<string, string> = {
  submitted: '已提交，等待联络站受理',
  accepted: '联络站已受理，正在办理',
  assigned: '已交给人大代表办理',
  transferred: '已转交有关部门办理',
  replied: '已答复，请您评价',
  promised: '已答复，承诺限期办理',
  reopened: '重新办理中',
  rejected: '不予受理',
  closed: '已办结',
};

export function statusWords(status: string): string {
  return statusNames[status] || '办理中';
}

/** A status's colour group: waiting, working, answered, done, refused. */
export function statusTone(status: string): string {
  switch (status) {
    case 'submitted':
      return 'waiting';
    case 'replied':
    case 'promised':
      return 'answered';
    case 'closed':
      return 'done';
    case 'rejected':
      return 'refused';
    default:
      return 'working';
  }
}

const actionNames: Record<string, string> = {
  submit: '提交留言',
  accept: '联络站受理',
  assign: '交给人大代表办理',
  transfer: '转交有关部门办理',
  reply: '答复',
  promise: '承诺限期办理',
  reject: '不予受理',
  close: '办结',
  rate: '您作出评价',
  fulfilled: '您确认承诺已落实',
  reopen: '您反映承诺未落实，重新办理',
  hand_over: '代表转交联络站办理',
};

export function actionWords(action: string): string {
  return actionNames[action] || '办理进展';
}

/**
 * A step's note as the timeline shows it under the step's title: a hand-over's note begins
 * with the step's own name (代表转交联络站办理；…), said once already by the title.
 */
export function eventNote(action: string, note: string | undefined): string {
  const n = note || '';
  if (action !== 'hand_over') return n;
  return n.replace(/^代表转交联络站办理[；;]?/, '');
}

export const ratingChoices: { value: RatingValue; label: string }[] = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically_satisfied', label: '基本满意' },
  { value: 'unsatisfied', label: '不满意' },
];

export function ratingWords(r: string | null | undefined): string {
  const c = ratingChoices.find((x) => x.value === r);
  return c ? c.label : '';
}

/** Characters as people count them (an emoji is one). */
export function charCount(text: string): number {
  return Array.from(text || '').length;
}
