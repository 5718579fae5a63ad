// Who is signed in, and the two ways to gain a role: an invite code, or (for a deputy) the
// phone number WeChat vouches for.
import { request } from '../services/request';
import { Me } from './types';

let cached: Promise<Me> | null = null;

/** The caller and their roles; kept for the run (roles change only through the calls below). */
export function getMe(fresh = false): Promise<Me> {
  if (!cached || fresh) {
    cached = request<Me>({ path: '/api/v1/me' });
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

export function forgetMe(): void {
  cached = null;
}

/** Takes a one-time invite (staff, admin or deputy). Safe to repeat: a used code answers 409. */
export async function redeemInvite(inviteCode: string): Promise<Me> {
  const me = await request<Me>({ method: 'POST', path: '/api/v1/auth/redeem', data: { invite_code: inviteCode } });
  cached = Promise.resolve(me);
  return me;
}

/** Binds the caller to the deputy whose phone the getPhoneNumber code gives. */
export async function bindPhone(code: string): Promise<Me> {
  const me = await request<Me>({ method: 'POST', path: '/api/v1/auth/phone', data: { code } });
  cached = Promise.resolve(me);
  return me;
}
