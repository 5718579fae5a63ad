// Words of the consultation pages: an article's number as a draft writes it (第十二条), the
// outcome of an opinion, whether a consultation still takes opinions.
import type { ConsultationStatus, Outcome } from '../api/consultations';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, as legal texts number their articles. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10000) return String(n);
  if (n < 10) return DIGITS[n];
  const units: [number, string][] = [[1000, '千'], [100, '百'], [10, '十']];
  let out = '';
  let rest = n;
  let zero = false;
  for (const [size, name] of units) {
    const d = Math.floor(rest / size);
    rest %= size;
    if (d) {
      if (zero) out += '零';
      zero = false;
      // 十二, not 一十二, when ten is the highest place
      out += (d === 1 && size === 10 && !out ? '' : DIGITS[d]) + name;
    } else if (out) {
      zero = true;
    }
  }
  if (rest) out += (zero ? '零' : '') + DIGITS[rest];
  return out;
}

/** An article's number as the draft writes it: 12 → 第十二条; a text already so written stays. */
export function articleWords(n: number | string | null | undefined): string {
  if (n === null || n === undefined || n === '') return '';
  if (typeof n === 'string') {
    if (/^第.+条$/.test(n.trim())) return n.trim();
    return /^\d+$/.test(n.trim()) ? `第${chineseNumber(Number(n))}条` : n.trim();
  }
  return `第${chineseNumber(n)}条`;
}

/** "已有 3 条意见", or that nobody has commented yet. */
export function opinionCountWords(count: number | null | undefined): string {
  const n = Number(count) || 0;
  return n > 0 ? `已有 ${n} 条意见` : '还没有人提意见';
}

const outcomeNames: Record<Outcome, string> = {
  adopted: '已采纳',
  partly_adopted: '部分采纳',
  not_adopted: '未采纳',
  for_reference: '留作参考',
};

/** The outcome in plain words; 正在研究 before the office decided. */
export function outcomeWords(outcome: Outcome | string | null | undefined): string {
  return (outcome && outcomeNames[outcome as Outcome]) || '正在研究';
}

/** The outcome's colour group (app.wxss's tone--*). */
export function outcomeTone(outcome: Outcome | string | null | undefined): string {
  switch (outcome) {
    case 'adopted':
    case 'partly_adopted':
      return 'answered';
    case 'not_adopted':
      return 'done';
    case 'for_reference':
      return 'working';
    default:
      return 'waiting';
  }
}

/** The consultation still takes opinions. */
export function takesOpinions(status: ConsultationStatus | string | null | undefined): boolean {
  return status === 'open';
}

/** The first `n` characters of a text (an emoji counts one), with … when it was longer. */
export function excerpt(text: string | null | undefined, n = 60): string {
  const chars = Array.from((text || '').replace(/\s+/g, ' ').trim());
  return chars.length > n ? chars.slice(0, n).join('') + '…' : chars.join('');
}
