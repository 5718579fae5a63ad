// What the computer console's sign-in code opens (scene `l=<id>`, URL-encoded in
// options.scene): when and from where the sign-in was asked, and 确认登录 for staff.
// Approving lets that browser in; the request is good for one use and two minutes.
import { approveConsoleLogin, getConsoleLogin } from '../../api/console-logins';
import { ConsoleLogin } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { consoleAddress } from '../../utils/console';
import { monthDayTimeWords, timeWords } from '../../utils/format';
import { consoleLoginIdFrom } from '../../utils/scene';

/**
 * loading → pending → approving → approved, or one of the ends:
 * expired / used / not_found (scan a fresh code), forbidden (not staff), no_id (opened by hand),
 * error (the request could not be loaded: 重试).
 */
export type ConsoleLoginState = 'no_id' | 'loading' | 'error' | 'pending' | 'approving' | 'approved' | 'expired' | 'used' | 'not_found' | 'forbidden';

interface RequestView {
  askedAt: string;
  until: string;
  ip: string;
  browser: string;
}

function requestView(l: ConsoleLogin): RequestView {
  return {
    askedAt: monthDayTimeWords(l.created_at),
    until: timeWords(l.expires_at),
    ip: l.client_ip || '不明',
    browser: l.browser || '不明',
  };
}

/** The end a failed GET or POST leads to; '' when it is a failure to show with 重试. */
export function endOf(err: unknown): ConsoleLoginState | '' {
  if (!(err instanceof ApiError)) return '';
  if (err.kind === 'forbidden') return 'forbidden';
  if (err.kind === 'not_found') return 'not_found';
  if (err.kind === 'conflict') return err.code === 'console_login_expired' ? 'expired' : 'used';
  return '';
}

Component({
  behaviors: [elder],
  data: {
    id: '',
    state: 'loading' as ConsoleLoginState,
    request: null as RequestView | null,
    error: '',
    consoleAddress: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const id = consoleLoginIdFrom(options);
      this.setData({ id, consoleAddress: consoleAddress(), state: id ? 'loading' : 'no_id' });
      if (id) this.load();
    },

    async load() {
      this.setData({ state: 'loading', error: '' });
      try {
        const l = await getConsoleLogin(this.data.id);
        const state: ConsoleLoginState = l.status === 'pending' ? 'pending' : l.status === 'approved' ? 'used' : 'expired';
        this.setData({ state, request: requestView(l) });
      } catch (err) {
        const end = endOf(err);
        this.setData({ state: end || 'error', error: end ? '' : messageOf(err) });
      }
    },

    async onApprove() {
      if (this.data.state !== 'pending') return; // one tap, one request
      this.setData({ state: 'approving', error: '' });
      try {
        await approveConsoleLogin(this.data.id);
        this.setData({ state: 'approved' });
      } catch (err) {
        const end = endOf(err);
        // a network failure keeps the request on screen: the person may tap again
        this.setData({ state: end || 'pending', error: end ? '' : '确认没有成功：' + messageOf(err) });
      }
    },

    /** 取消 and the buttons of the ends: back where the person came from, or home after a scan. */
    onLeave() {
      if (getCurrentPages().length > 1) wx.navigateBack({ delta: 1 });
      else wx.reLaunch({ url: '/pages/index/index' });
    },
  },
});
