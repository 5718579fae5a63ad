// The one request layer: base URL from config, the token (signing in without asking),
// the contract's error format as plain Chinese (errors.ts), repeats for a flaky network.
//
// Sign-in: the first call that needs a token runs wx.login → POST /api/v1/auth/wechat and
// keeps the token in storage. A 401 clears it, signs in again once and repeats the call.

import { config } from '../config/index';
import { ApiError, fromResponse, networkError, signInError } from './errors';

const TOKEN_KEY = 'liaison.session';

export interface Session {
  token: string;
  expires_at: string;
  user: { id: number; roles: string[] };
}

/**
 * wx.request's methods (it has no PATCH: the backend takes PUT for its partial updates).
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  data?: unknown;
  /** Send the token (signing in first when there is none). Default true. */
  auth?: boolean;
  /**
   * Repeat after a network failure or 502–504. Default: true for GET, false otherwise. A POST
   * may say true when it carries an Idempotency-Key: the backend answers a repeat with the
   * first answer.
   */
  retry?: boolean;
  /** More headers (Idempotency-Key …). */
  headers?: Record<string, string>;
  /** Told before each repeat (the page can say it is checking whether the first got through). */
  onRepeat?: () => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function url(path: string, query?: RequestOptions['query']): string {
  let q = '';
  if (query) {
    const parts = Object.keys(query)
      .filter((k) => query[k] !== undefined && query[k] !== '')
      .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(query[k]))}`);
    if (parts.length) q = '?' + parts.join('&');
  }
  return config.baseUrl + path + q;
}

// ---- session ----

export function storedSession(): Session | null {
  try {
    const s = wx.getStorageSync(TOKEN_KEY) as Session | '';
    if (!s || typeof s !== 'object' || !s.token) return null;
    if (s.expires_at && Date.parse(s.expires_at) <= Date.now() + 60000) return null;
    return s;
  } catch (e) {
    return null;
  }
}

export function clearSession(): void {
  try {
    wx.removeStorageSync(TOKEN_KEY);
  } catch (e) {
    /* storage full or unavailable: the next call signs in again anyway */
  }
}

function wxLogin(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      timeout: config.timeoutMs,
      success: (r) => (r.code ? resolve(r.code) : reject(signInError())),
      fail: () => reject(signInError()),
    });
  });
}

let signingIn: Promise<Session> | null = null;

/** Signs in with wx.login; concurrent callers share one sign-in. */
export function signIn(): Promise<Session> {
  if (!signingIn) {
    signingIn = (async () => {
      const code = await wxLogin();
      const s = await send<Session>({ method: 'POST', path: '/api/v1/auth/wechat', data: { code }, auth: false, retry: true }, '');
      try {
        wx.setStorageSync(TOKEN_KEY, s);
      } catch (e) {
        /* kept for this run only */
      }
      return s;
    })().finally(() => {
      signingIn = null;
    });
  }
  return signingIn;
}

async function token(): Promise<string> {
  const s = storedSession();
  return s ? s.token : (await signIn()).token;
}

// ---- transport ----

interface Raw {
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
}

function header(h: Record<string, string> | undefined, name: string): string | undefined {
  if (!h) return undefined;
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? h[key] : undefined;
}

function once(opts: RequestOptions, bearer: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...opts.headers };
    if (bearer) headers.Authorization = 'Bearer ' + bearer;
    wx.request({
      url: url(opts.path, opts.query),
      method: (opts.method || 'GET') as 'GET',
      data: opts.data as WechatMiniprogram.IAnyObject | undefined,
      header: headers,
      timeout: config.timeoutMs,
      dataType: 'json',
      success: (r) => resolve({ statusCode: r.statusCode, data: r.data, header: r.header as Record<string, string> }),
      fail: () => reject(networkError()),
    });
  });
}

/** Runs `attempt`, repeating it after network failures and 502–504 when allowed. */
export async function withRetries<T>(allowed: boolean, attempt: () => Promise<T>, onRepeat?: () => void): Promise<T> {
  let delay = config.retryDelayMs;
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      const flaky = err instanceof ApiError && (err.kind === 'network' || [502, 503, 504].includes(err.status));
      if (!allowed || !flaky || i >= config.retries) throw err;
      if (onRepeat) onRepeat();
      await sleep(delay);
      delay *= 2;
    }
  }
}

async function send<T>(opts: RequestOptions, bearer: string): Promise<T> {
  const retry = opts.retry !== undefined ? opts.retry : (opts.method || 'GET') === 'GET';
  return withRetries(retry, async () => {
    const r = await once(opts, bearer);
    if (r.statusCode >= 200 && r.statusCode < 300) return r.data as T;
    throw fromResponse(r.statusCode, r.data, header(r.header, 'Retry-After'));
  }, opts.onRepeat);
}

/**
 * Calls the backend. Resolves with the parsed JSON body of a 2xx answer; rejects with an
 * ApiError whose message is plain Chinese.
 */
export async function request<T>(opts: RequestOptions): Promise<T> {
  if (opts.auth === false) return send<T>(opts, '');
  const first = await token();
  try {
    return await send<T>(opts, first);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    clearSession();
    const fresh = (await signIn()).token;
    return send<T>(opts, fresh);
  }
}

/** The Authorization header for wx.uploadFile / wx.downloadFile, signing in if needed. */
export async function authHeader(): Promise<Record<string, string>> {
  return { Authorization: 'Bearer ' + (await token()) };
}

/** Runs a call that uses authHeader(); a 401 signs in again once and repeats it. */
export async function withSession<T>(call: (h: Record<string, string>) => Promise<T>): Promise<T> {
  try {
    return await call(await authHeader());
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    clearSession();
    await signIn();
    return call(await authHeader());
  }
}
