// Staff: the activities in scope, newest first, with station (area staff), status and date
// filters, a page at a time. A new draft starts here.
import { listActivities } from '../../api/activities';
import { ActivityStatus, AdminActivity } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { myStations, stationChoices } from '../../services/staff';
import { activityStatusWords, spanWords } from '../../utils/duty';

const statuses: { value: ActivityStatus | ''; label: string }[] = [
  { value: '', label: '全部' },
  { value: 'draft', label: '草稿' },
  { value: 'published', label: '已发布' },
  { value: 'finished', label: '已结束' },
  { value: 'cancelled', label: '已取消' },
];

interface Item {
  id: number;
  kind: string;
  title: string;
  when: string;
  venue: string;
  station: string;
  status: string;
  statusText: string;
}

function item(a: AdminActivity): Item {
  return {
    id: a.id,
    kind: a.kind_name,
    title: a.title,
    when: spanWords(a.start_at, a.end_at),
    venue: a.venue,
    station: a.station_name,
    status: a.status,
    statusText: activityStatusWords(a.status),
  };
}

Component({
  behaviors: [elder],
  data: {
    statuses,
    status: '' as ActivityStatus | '',
    stations: [] as { id: number; name: string }[],
    stationIndex: 0,
    from: '',
    to: '',
    loading: false,
    error: '',
    empty: '',
    items: [] as Item[],
    cursor: '',
  },
  pageLifetimes: {
    show() {
      // back from an activity or a new draft (the first show is the opening)
      const self = this as unknown as { shows?: number; refresh: () => void };
      self.shows = (self.shows || 0) + 1;
      if (self.shows > 1) self.refresh();
    },
  },
  methods: {
    async onLoad() {
      try {
        this.setData({ stations: stationChoices(await myStations(), true) });
      } catch (e) {
        /* the list still covers every station in scope */
      }
      this.refresh();
    },
    /** Each new list (a filter, a refresh) gets a number; answers for an older one are dropped. */
    seq(next = false): number {
      const self = this as unknown as { n?: number };
      if (next) self.n = (self.n || 0) + 1;
      return self.n || 0;
    },
    refresh() {
      this.seq(true);
      this.setData({ items: [], cursor: '' });
      this.load();
    },
    onRetry() {
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '', empty: '' });
      const s = this.data.stations[this.data.stationIndex];
      const n = this.seq();
      try {
        const page = await listActivities({ station_id: s ? s.id : 0, status: this.data.status, from: this.data.from, to: this.data.to, cursor: this.data.cursor });
        if (n !== this.seq()) return;
        const items = this.data.items.concat((page.items || []).map(item));
        this.setData({ loading: false, items, cursor: page.next_cursor || '', empty: items.length ? '' : '没有符合条件的活动。可以点下面“新建活动”。' });
      } catch (err) {
        if (n !== this.seq()) return;
        const msg = err instanceof ApiError && err.kind === 'forbidden' ? '只有联络站工作人员可以查看活动安排。' : messageOf(err);
        this.setData({ loading: false, error: msg });
      }
    },
    onStatus(e: WechatMiniprogram.TouchEvent) {
      this.setData({ status: e.currentTarget.dataset.value as ActivityStatus | '' });
      this.refresh();
    },
    onStation(e: WechatMiniprogram.PickerChange) {
      this.setData({ stationIndex: Number(e.detail.value) });
      this.refresh();
    },
    onFrom(e: WechatMiniprogram.PickerChange) {
      this.setData({ from: String(e.detail.value) });
      this.refresh();
    },
    onTo(e: WechatMiniprogram.PickerChange) {
      this.setData({ to: String(e.detail.value) });
      this.refresh();
    },
    onClearDates() {
      this.setData({ from: '', to: '' });
      this.refresh();
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/staff/activity/index?id=${Number(e.currentTarget.dataset.id)}` });
    },
    onNew() {
      const s = this.data.stations[this.data.stationIndex];
      wx.navigateTo({ url: '/staff/activity-edit/index' + (s && s.id ? `?station_id=${s.id}` : '') });
    },
  },
});
