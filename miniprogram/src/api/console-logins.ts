// The office's computer console signs staff in without passwords: the browser shows a code
// (scene `l=<id>`), staff scan it, pages/console-login/index shows the request and approves it.
import { request } from '../services/request';
import { ConsoleLogin } from './types';

/** When and from where the sign-in was asked (staff, admin; others 403 staff_only). */
export function getConsoleLogin(id: string): Promise<ConsoleLogin> {
  return request<ConsoleLogin>({ path: `/api/v1/console-logins/${encodeURIComponent(id)}` });
}

/**
 * Lets that browser in. One use: a second approval answers 409 console_login_used, a late one
 * 409 console_login_expired. Not repeated by the request layer after a network failure (the
 * person taps again, and a request that did get through then answers "used").
 */
export function approveConsoleLogin(id: string): Promise<{ status: 'approved' }> {
  return request<{ status: 'approved' }>({ method: 'POST', path: `/api/v1/console-logins/${encodeURIComponent(id)}/approve` });
}
