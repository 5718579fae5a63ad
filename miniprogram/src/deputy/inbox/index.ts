// 群众来信: the messages written to this deputy (by their code) and those the station's staff
// gave them, newest first. Each shows where it stands for the deputy (等您答复 first of all),
// 写给我 or 联络站交办, its first lines and the date; tapping opens it. More at the bottom,
// pull down to refresh; back from a message, the list is read afresh.
import { InboxMessage, myInbox } from '../../api/inbox';
import { getMe } from '../../api/me';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { dateWords } from '../../utils/format';
import { deputyStatusWords, waitsForMe, writtenToMe } from '../words';

interface Item {
  id: number;
  status: string;
  waiting: boolean;
  written: boolean;
  excerpt: string;
  who: string;
  station: string;
  date: string;
}

function item(m: InboxMessage, myId: number): Item {
  const text = Array.from((m.content || '').replace(/\s+/g, ' ').trim());
  return {
    id: m.id,
    status: deputyStatusWords(m),
    waiting: waitsForMe(m),
    written: writtenToMe(m, myId),
    excerpt: text.length > 60 ? text.slice(0, 60).join('') + '…' : text.join(''),
    who: m.anonymous ? '匿名' : m.name || '未留姓名',
    station: m.station_name,
    date: dateWords(m.created_at),
  };
}

Component({
  behaviors: [elder],
  data: {
    loading: false,
    error: '',
    empty: '',
    notDeputy: false,
    items: [] as Item[],
    cursor: '',
    myId: 0,
  },
  pageLifetimes: {
    show() {
      // back from a message: its status may have changed (the first show is the opening)
      const self = this as unknown as { shows?: number; refresh: () => Promise<void> };
      self.shows = (self.shows || 0) + 1;
      if (self.shows > 1) self.refresh();
    },
  },
  methods: {
    onLoad() {
      this.refresh();
    },
    onPullDownRefresh() {
      this.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (this.data.cursor && !this.data.loading && !this.data.error) this.load();
    },
    onRetry() {
      // no cursor: the first page failed (or a refresh did): read it afresh; else the next page
      if (this.data.cursor) this.load();
      else this.refresh();
    },
    onMore() {
      if (!this.data.loading) this.load();
    },
    /** Each new list gets a number; answers for an older one are dropped. */
    seq(next = false): number {
      const self = this as unknown as { n?: number };
      if (next) self.n = (self.n || 0) + 1;
      return self.n || 0;
    },
    async refresh() {
      this.seq(true);
      this.setData({ cursor: '' });
      await this.load(true);
    },
    async load(fresh = false) {
      const n = this.seq();
      this.setData({ loading: true, error: '', empty: '', notDeputy: false });
      try {
        const [page, myId] = await Promise.all([myInbox(fresh ? '' : this.data.cursor), this.myDeputyId()]);
        if (n !== this.seq()) return;
        const items = (fresh ? [] : this.data.items).concat((page.items || []).map((m) => item(m, myId)));
        this.setData({
          loading: false,
          myId,
          items,
          cursor: page.next_cursor || '',
          empty: items.length ? '' : '还没有群众给您写信。群众扫您的代表码就能给您留言；联络站把留言交给您办理时，也会出现在这里。',
        });
      } catch (err) {
        if (n !== this.seq()) return;
        if (err instanceof ApiError && err.kind === 'forbidden') this.setData({ loading: false, items: [], notDeputy: true });
        else this.setData({ loading: false, error: messageOf(err) });
      }
    },
    /** Which deputy I am (to tell 写给我 from 联络站交办); 0 when it cannot be read. */
    async myDeputyId(): Promise<number> {
      if (this.data.myId) return this.data.myId;
      try {
        const me = await getMe();
        return me.deputy ? me.deputy.id : 0;
      } catch (e) {
        return 0;
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/deputy/message/index?id=${Number(e.currentTarget.dataset.id)}` });
    },
    onBind() {
      wx.redirectTo({ url: '/deputy/bind/index?next=' + encodeURIComponent('/deputy/inbox/index') });
    },
    onHome() {
      wx.reLaunch({ url: '/pages/index/index' });
    },
  },
});
