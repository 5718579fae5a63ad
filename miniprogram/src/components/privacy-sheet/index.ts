// The privacy notice WeChat requires before the first use of a privacy API
// (wx.onNeedPrivacyAuthorization, see services/privacy.ts). One on every page that uses one.
import { agreePrivacy, declinePrivacy, onPrivacyNeeded } from '../../services/privacy';

Component({
  data: { show: false },
  lifetimes: {
    attached() {
      const self = this as unknown as { off?: () => void };
      self.off = onPrivacyNeeded((pending) => this.setData({ show: pending }));
    },
    detached() {
      const self = this as unknown as { off?: () => void };
      if (self.off) self.off();
    },
  },
  methods: {
    onAgree() {
      agreePrivacy('agree-privacy');
    },
    onDecline() {
      declinePrivacy();
      this.triggerEvent('declined');
    },
    onRead() {
      if (typeof wx.openPrivacyContract === 'function') {
        wx.openPrivacyContract({ fail: () => wx.navigateTo({ url: '/pages/privacy/index' }) });
      } else {
        wx.navigateTo({ url: '/pages/privacy/index' });
      }
    },
  },
});
