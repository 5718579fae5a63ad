// Failures as people read them: what happened and what to do, in plain Chinese.
// A page shows `message`; field errors go beside their fields; nothing in English reaches a page.
// Numbers of the backend's rules (the size of a photo) come from GET /meta (api/rules.ts).
import { photoSizeWords } from '../api/rules';

export type ErrorKind =
  | 'network' // no answer at all (offline, timeout, DNS)
  | 'invalid' // 400, maybe with fields
  | 'unauthorized' // 401 even after signing in again
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'too_large' // 413
  | 'too_many' // 429
  | 'unavailable' // 5xx
  | 'signin' // wx.login failed
  | 'unknown';

export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  /** The backend's stable code (`station_not_found`), empty when there was no answer. */
  readonly code: string;
  /** Field name → plain Chinese reason. */
  readonly fields: Record<string, string>;
  /** Seconds to wait, from Retry-After (429), else 0. */
  readonly retryAfter: number;

  constructor(opts: {
    kind: ErrorKind;
    message: string;
    status?: number;
    code?: string;
    fields?: Record<string, string>;
    retryAfter?: number;
  }) {
    super(opts.message);
    this.name = 'ApiError';
    this.kind = opts.kind;
    this.status = opts.status || 0;
    this.code = opts.code || '';
    this.fields = opts.fields || {};
    this.retryAfter = opts.retryAfter || 0;
  }
}

const hasChinese = /[\u4e00-\u9fff]/;

/** A server text is shown only when it is Chinese (the contract promises so; this makes sure). */
function chinese(text: unknown, fallback: string): string {
  return typeof text === 'string' && hasChinese.test(text) && !/[A-Za-z]{3,}/.test(text) ? text : fallback;
}

/** Numbers and times in `fields` (outside_radius's distance_m, a window's opens_at) are data, kept as they are. */
function plainValue(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return '';
  return /^-?\d+(\.\d+)?$/.test(v) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) ? v : '';
}

/** Ends a sentence with 。 unless it already ends with a stop. */
function sentence(text: string): string {
  return /[。！？!?.]$/.test(text) ? text : text + '。';
}

/** "3 分钟" / "40 秒" — how long to wait, in words. */
export function waitWords(seconds: number): string {
  if (seconds >= 3600) return `${Math.ceil(seconds / 3600)} 小时`;
  if (seconds >= 60) return `${Math.ceil(seconds / 60)} 分钟`;
  return `${Math.max(1, Math.ceil(seconds))} 秒`;
}

/** Parses Retry-After: seconds, or an HTTP date. Unknown → 60 s. */
export function parseRetryAfter(value: unknown, now = Date.now()): number {
  if (typeof value !== 'string' && typeof value !== 'number') return 60;
  const s = String(value).trim();
  if (/^\d+$/.test(s)) return Number(s);
  const t = Date.parse(s);
  return Number.isNaN(t) ? 60 : Math.max(1, Math.round((t - now) / 1000));
}

export function networkError(): ApiError {
  return new ApiError({
    kind: 'network',
    message: '网络连接不上，信息没有送达。请检查手机网络，然后点“重试”。',
  });
}

export function signInError(): ApiError {
  return new ApiError({
    kind: 'signin',
    message: '微信登录没有成功。请检查网络后点“重试”，或退出后重新打开小程序。',
  });
}

interface ErrorBody {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

/** Turns an HTTP answer that is not 2xx into an ApiError with plain Chinese. */
export function fromResponse(status: number, body: unknown, retryAfterHeader?: unknown): ApiError {
  const e = (body && typeof body === 'object' ? (body as ErrorBody).error : undefined) || {};
  const code = typeof e.code === 'string' ? e.code : '';
  const fields: Record<string, string> = {};
  if (e.fields && typeof e.fields === 'object') {
    for (const [k, v] of Object.entries(e.fields)) fields[k] = plainValue(v) || chinese(v, '这一项填写有误，请检查');
  }
  switch (true) {
    case status === 400:
      return new ApiError({
        kind: 'invalid', status, code, fields,
        message: Object.keys(fields).length
          ? '有几项需要修改，请看标红的提示。'
          : chinese(e.message, '填写的内容有误，请检查后再试。'),
      });
    case status === 401:
      return new ApiError({ kind: 'unauthorized', status, code, message: '登录已失效。请退出小程序后重新打开。' });
    case status === 403:
      return new ApiError({ kind: 'forbidden', status, code, fields, message: sentence(chinese(e.message, '您没有权限进行这项操作。')) + '如有疑问请联系联络站。' });
    case status === 404:
      return new ApiError({ kind: 'not_found', status, code, message: sentence(chinese(e.message, '要找的内容不存在或已删除。')) + '请返回上一页。' });
    case status === 409:
      return new ApiError({ kind: 'conflict', status, code, fields, message: sentence(chinese(e.message, '当前状态不能进行这项操作。')) + '请刷新后再看。' });
    case status === 413:
      return new ApiError({ kind: 'too_large', status, code, message: `文件太大了（每张照片不超过 ${photoSizeWords()}）。请换一张或重新拍摄。` });
    case status === 429: {
      const retryAfter = parseRetryAfter(retryAfterHeader);
      return new ApiError({ kind: 'too_many', status, code, retryAfter, message: `操作太频繁了，请在 ${waitWords(retryAfter)}后再试。` });
    }
    case status >= 500:
      return new ApiError({ kind: 'unavailable', status, code, message: '服务暂时出了问题，请稍后点“重试”。' });
    default:
      return new ApiError({ kind: 'unknown', status, code, message: chinese(e.message, '出了点问题，请稍后点“重试”。') });
  }
}

/** Any thrown thing → the sentence a page shows. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return '出了点问题，请稍后点“重试”。';
}

/**
 * A refused form: the server's field errors under the form's own names (`fields` maps the
 * server's name to the form's), and what is left — another field's error, or the whole
 * refusal — in one sentence for above the button.
 */
export function fieldErrorsOf<K extends string>(err: unknown, fields: Record<string, K>): { errors: Partial<Record<K, string>>; general: string } {
  const errors: Partial<Record<K, string>> = {};
  let general = messageOf(err);
  if (err instanceof ApiError && err.kind === 'invalid') {
    const unknown: string[] = [];
    for (const [k, v] of Object.entries(err.fields)) {
      const f = fields[k];
      if (f) errors[f] = v;
      else unknown.push(v);
    }
    if (unknown.length) general = unknown.join('；');
  }
  return { errors, general };
}
