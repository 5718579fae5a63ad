// Home: for whoever opens the mini program without a station's code. Find a station, see my
// messages and my opinions on draft regulations (我的立法意见), the drafts open for comment at
// the station opened last (正在征求意见); and what the signed-in person's roles allow: a deputy's letters (群众来信, with how
// many wait for their answer), activities, check-in and performance file; the staff's inbox,
// activities and compliance, and where the computer console is (desk work: imports, station
// codes, exports, statistics).
//
// Roles are asked for only when this WeChat has signed in before (a deputy who bound the
// phone, staff who redeemed an invite, anyone who left a message): a visitor is not signed
// in just for opening the home page.
import { waitingCount } from '../../api/inbox';
import { getMe } from '../../api/me';
import { elder } from '../../behaviors/elder';
import { KnownStation, lastStation } from '../../services/last-station';
import { storedSession } from '../../services/request';
import { Entries, entriesOf } from '../../services/roles';
import { consoleAddress } from '../../utils/console';

Component({
  behaviors: [elder],
  data: { entries: entriesOf(null) as Entries, rolesError: '', consoleAddress: '', inboxWaiting: '', lastStation: null as KnownStation | null },
  pageLifetimes: {
    show() {
      // back from the invite or the phone page: the roles may have changed (the first show is the opening)
      const self = this as unknown as { shows?: number; loadRoles: () => void };
      self.shows = (self.shows || 0) + 1;
      if (self.shows > 1) self.loadRoles();
      // back from a station: its drafts open for comment (正在征求意见)
      if (self.shows > 1) this.setData({ lastStation: lastStation() });
    },
  },
  methods: {
    onLoad() {
      this.setData({ consoleAddress: consoleAddress(), lastStation: lastStation() });
      this.loadRoles();
    },
    async loadRoles() {
      if (!storedSession()) return;
      try {
        const me = await getMe(true);
        this.setData({ entries: entriesOf(me), rolesError: '' });
        if (this.data.entries.deputy) this.countInbox();
      } catch (e) {
        // the public part works without it; say so only to someone who has a role to lose
        if (this.data.entries.deputy || this.data.entries.staff) this.setData({ rolesError: '网络不好，代表和工作人员的入口暂时打不开。请稍后再进入首页。' });
      }
    },
    /** How many messages wait for the deputy's answer, on the 群众来信 entry ('' for none or unknown). */
    async countInbox() {
      try {
        const { count, more } = await waitingCount();
        this.setData({ inboxWaiting: count ? `${count}${more ? '+' : ''}` : '' });
      } catch (e) {
        this.setData({ inboxWaiting: '' });
      }
    },
    onMine() {
      wx.navigateTo({ url: '/pages/my-messages/index' });
    },
    onGo(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: String(e.currentTarget.dataset.url) });
    },
    onPrivacy() {
      wx.navigateTo({ url: '/pages/privacy/index' });
    },
    onShareAppMessage() {
      return { title: '人大代表联络站', path: '/pages/index/index' };
    },
  },
});
