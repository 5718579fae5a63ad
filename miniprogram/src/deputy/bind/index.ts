// A deputy binds this WeChat to the deputy record: WeChat's phone-number button gives a code,
// the backend asks WeChat for the number and finds the deputy registered with it.
import { bindPhone } from '../../api/me';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';

Component({
  behaviors: [elder],
  data: { sending: false, error: '', notRegistered: false, name: '', next: '' },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      // where to go once bound (a deputy page that sent the person here)
      this.setData({ next: options.next ? decodeURIComponent(options.next) : '' });
    },
    async onPhone(e: WechatMiniprogram.CustomEvent<{ code?: string; errMsg?: string }>) {
      if (this.data.sending) return;
      const code = e.detail && e.detail.code;
      if (!code) {
        this.setData({ error: '您没有同意使用手机号，所以还不能确认您的代表身份。需要时再点一次上面的按钮，并选“允许”。', notRegistered: false });
        return;
      }
      this.setData({ sending: true, error: '', notRegistered: false });
      try {
        const me = await bindPhone(code);
        this.setData({ sending: false, name: me.deputy ? me.deputy.name : '代表' });
      } catch (err) {
        if (err instanceof ApiError && err.kind === 'not_found') {
          this.setData({ sending: false, notRegistered: true, error: '' });
        } else if (err instanceof ApiError && err.kind === 'conflict') {
          this.setData({ sending: false, error: '这个手机号的代表已经绑定了另一个微信。如需换微信，请联系联络站工作人员解除原来的绑定。' });
        } else {
          this.setData({ sending: false, error: messageOf(err) });
        }
      }
    },
    onGo(e: WechatMiniprogram.TouchEvent) {
      wx.redirectTo({ url: String(e.currentTarget.dataset.url) });
    },
    onNext() {
      wx.redirectTo({ url: this.data.next || '/deputy/activities/index' });
    },
    onHome() {
      wx.reLaunch({ url: '/pages/index/index' });
    },
  },
});
