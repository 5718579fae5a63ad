// Staff inbox: tabs by status, the overdue ones (badge and filter), a station filter for area
// staff, and search by tracking code. A message opens its detail with the actions.
import { inbox } from '../../api/admin';
import { AdminMessage } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { myStations, stationChoices } from '../../services/staff';
import { staffStatusWords } from '../../utils/duty';
import { dateWords } from '../../utils/format';

export const inboxTabs = [
  { status: 'submitted', label: '待受理' },
  { status: 'accepted', label: '已受理' },
  { status: 'assigned', label: '代表办理中' },
  { status: 'transferred', label: '部门办理中' },
  { status: 'reopened', label: '重新办理' },
  { status: 'replied', label: '已答复' },
  { status: 'promised', label: '已承诺' },
  { status: 'closed', label: '已办结' },
  { status: 'rejected', label: '不予受理' },
  { status: '', label: '全部' },
];

interface Item {
  id: number;
  code: string;
  status: string;
  overdue: boolean;
  due: string;
  station: string;
  excerpt: string;
  who: string;
  date: string;
  walkIn: boolean;
  review: boolean;
  /** the deputy it was written to (代表码); '' for a message to the station */
  addressee: string;
}

function item(m: AdminMessage): Item {
  const text = Array.from(m.content || '');
  const due = m.status === 'submitted' ? (m.accept_due ? `应在 ${dateWords(m.accept_due)} 前受理` : '')
    : ['accepted', 'assigned', 'transferred', 'reopened'].includes(m.status) && m.reply_due ? `应在 ${dateWords(m.reply_due)} 前答复` : '';
  return {
    id: m.id,
    code: m.code,
    status: staffStatusWords(m.status),
    overdue: !!m.overdue,
    due,
    station: m.station_name,
    excerpt: text.length > 50 ? text.slice(0, 50).join('') + '…' : text.join(''),
    who: m.anonymous ? '匿名' : m.name || '未留姓名',
    date: dateWords(m.created_at),
    walkIn: !!m.walk_in,
    review: m.review === 'review',
    addressee: m.addressee ? m.addressee.name : '',
  };
}

/** A tracking code as typed: upper case, no spaces; "LX2612-5CKM". */
export function codeQuery(text: string): string {
  return (text || '').toUpperCase().replace(/\s+/g, '');
}

Component({
  behaviors: [elder],
  data: {
    tabs: inboxTabs,
    status: 'submitted',
    overdue: false,
    overdueCount: '',
    stations: [] as { id: number; name: string }[],
    stationIndex: 0,
    query: '',
    searching: '',
    loading: false,
    error: '',
    empty: '',
    items: [] as Item[],
    cursor: '',
    forbidden: false,
  },
  pageLifetimes: {
    show() {
      // back from a message: its status may have changed (the first show is the opening)
      const self = this as unknown as { shows?: number; refresh: () => void };
      self.shows = (self.shows || 0) + 1;
      if (self.shows > 1) self.refresh();
    },
  },
  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      if (options.status !== undefined) this.setData({ status: options.status });
      if (options.overdue === 'true') this.setData({ overdue: true });
      try {
        const stations = await myStations();
        this.setData({ stations: stationChoices(stations, true) });
      } catch (e) {
        /* the list still works for every station in scope */
      }
      this.refresh();
    },
    stationId(): number {
      const s = this.data.stations[this.data.stationIndex];
      return s ? s.id : 0;
    },
    /** Each new list (filter, tab, refresh) gets a number; answers for an older one are dropped. */
    seq(next = false): number {
      const self = this as unknown as { n?: number };
      if (next) self.n = (self.n || 0) + 1;
      return self.n || 0;
    },
    refresh() {
      this.seq(true);
      this.setData({ items: [], cursor: '' });
      this.load();
      this.countOverdue();
    },
    onRetry() {
      this.load();
    },
    async countOverdue() {
      try {
        const page = await inbox({ station_id: this.stationId(), overdue: true, limit: 50 });
        const n = (page.items || []).length;
        this.setData({ overdueCount: n ? (page.next_cursor ? `${n}+` : String(n)) : '' });
      } catch (e) {
        this.setData({ overdueCount: '' });
      }
    },
    async load() {
      this.setData({ loading: true, error: '', empty: '' });
      const code = codeQuery(this.data.query);
      const n = this.seq();
      try {
        if (code) {
          await this.search(code, n);
          return;
        }
        const page = await inbox({ station_id: this.stationId(), status: this.data.status, overdue: this.data.overdue, cursor: this.data.cursor });
        if (n !== this.seq()) return;
        const items = this.data.items.concat((page.items || []).map(item));
        this.setData({ loading: false, searching: '', items, cursor: page.next_cursor || '', empty: items.length ? '' : this.data.overdue ? '没有超期的留言。' : '这里没有留言。' });
      } catch (err) {
        if (n !== this.seq()) return;
        const forbidden = err instanceof ApiError && err.kind === 'forbidden';
        this.setData({ loading: false, forbidden, error: forbidden ? '' : messageOf(err) });
      }
    },
    /** The inbox filtered by the code (whole, or characters of it) on the server. */
    async search(code: string, n: number) {
      const page = await inbox({ station_id: this.stationId(), code, limit: 100 });
      const found = (page.items || []).filter((m) => (m.code || '').toUpperCase().includes(code)).map(item);
      if (n !== this.seq()) return;
      this.setData({ loading: false, searching: code, items: found, cursor: '', empty: found.length ? '' : `没有找到查询码含“${code}”的留言。请核对查询码（如 LX2612-5CKM）。` });
    },
    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ status: String(e.currentTarget.dataset.status), query: '' });
      this.refresh();
    },
    onOverdue() {
      this.setData({ overdue: !this.data.overdue, query: '' });
      this.refresh();
    },
    onStation(e: WechatMiniprogram.PickerChange) {
      this.setData({ stationIndex: Number(e.detail.value) });
      this.refresh();
    },
    onQuery(e: WechatMiniprogram.Input) {
      this.setData({ query: e.detail.value });
    },
    onSearch() {
      this.seq(true);
      this.setData({ items: [], cursor: '' });
      this.load();
    },
    onClearSearch() {
      this.setData({ query: '', searching: '' });
      this.refresh();
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/staff/message/index?id=${Number(e.currentTarget.dataset.id)}` });
    },
    onWalkIn() {
      const id = this.stationId();
      wx.navigateTo({ url: '/staff/walk-in/index' + (id ? `?station_id=${id}` : '') });
    },
    onRedeem() {
      wx.redirectTo({ url: '/pages/redeem/index' });
    },
    onHome() {
      wx.reLaunch({ url: '/pages/index/index' });
    },
  },
});
