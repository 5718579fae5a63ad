// A deputy's activities: upcoming and past, each with kind, time, venue (map), who invited
// and my answer. RSVP: attend, or leave with a reason; the tap also asks for WeChat notices
// of the activity (notice, reminder, change).
import { myActivities, rsvp } from '../../api/deputy';
import { getMeta } from '../../api/meta';
import { MyActivity } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { askSubscribe, templateIds } from '../../services/subscribe';
import { clockWords, checkinOpen, rsvpWords, spanWords } from '../../utils/duty';

interface Item {
  id: number;
  kind: string;
  title: string;
  when: string;
  venue: string;
  hasMap: boolean;
  inviter: string;
  description: string;
  rsvp: string;
  answer: string;
  cancelled: boolean;
  cancelReason: string;
  checkedIn: string;
  canAnswer: boolean;
  canCheckIn: boolean;
}

function item(a: MyActivity, now: number): Item {
  const upcoming = Date.parse(a.start_at) > now;
  return {
    id: a.id,
    kind: a.kind_name || '活动',
    title: a.title,
    when: spanWords(a.start_at, a.end_at),
    venue: a.venue || '（地点待定）',
    hasMap: typeof a.latitude === 'number' && typeof a.longitude === 'number',
    inviter: a.station_name,
    description: a.description || '',
    rsvp: a.rsvp || '',
    answer: rsvpWords(a.rsvp, a.rsvp_reason),
    cancelled: a.status === 'cancelled',
    cancelReason: a.cancel_reason || '',
    checkedIn: a.checked_in_at ? `已签到（${clockWords(a.checked_in_at)}）` : '',
    canAnswer: upcoming && a.status === 'published',
    canCheckIn: !a.checked_in_at && checkinOpen(a, now),
  };
}

Component({
  behaviors: [elder],
  data: {
    loading: false,
    error: '',
    notDeputy: false,
    upcoming: [] as Item[],
    past: [] as Item[],
    leaveFor: 0,
    reason: '',
    reasonError: '',
    sendingId: 0,
    rowError: {} as Record<number, string>,
    tmplIds: [] as string[],
    saved: {} as Record<number, string>,
  },
  methods: {
    onLoad() {
      (this as unknown as { loaded: boolean }).loaded = true;
      this.load();
      getMeta().then(
        (m) => this.setData({ tmplIds: templateIds(m, ['activity_notice', 'activity_reminder', 'activity_changed']) }),
        () => undefined,
      );
    },
    onShow() {
      // back from check-in: the card shows it
      if ((this as unknown as { loaded?: boolean }).loaded && !this.data.loading) this.load(true);
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load(quiet = false) {
      if (!quiet) this.setData({ loading: true, error: '', notDeputy: false });
      try {
        const all: MyActivity[] = [];
        let cursor = '';
        for (let i = 0; i < 5; i++) {
          const page = await myActivities(cursor);
          all.push(...(page.items || []));
          cursor = page.next_cursor || '';
          if (!cursor) break;
        }
        (this as unknown as { raw: MyActivity[] }).raw = all;
        const now = Date.now();
        const upcoming = all.filter((a) => Date.parse(a.end_at) > now).sort((x, y) => Date.parse(x.start_at) - Date.parse(y.start_at)).map((a) => item(a, now));
        const past = all.filter((a) => Date.parse(a.end_at) <= now).map((a) => item(a, now));
        this.setData({ loading: false, upcoming, past });
      } catch (err) {
        if (err instanceof ApiError && err.kind === 'forbidden') this.setData({ loading: false, notDeputy: true });
        else if (!quiet) this.setData({ loading: false, error: messageOf(err) });
      }
    },

    subscribeInTap(): Promise<string[]> {
      return askSubscribe(this.data.tmplIds);
    },
    onRetry() {
      this.load();
    },

    onAttend(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id);
      this.subscribeInTap();
      this.send(id, 'attend', '');
    },
    onLeave(e: WechatMiniprogram.TouchEvent) {
      this.setData({ leaveFor: Number(e.currentTarget.dataset.id), reason: '', reasonError: '' });
    },
    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value, reasonError: '' });
    },
    onLeaveCancel() {
      this.setData({ leaveFor: 0, reason: '', reasonError: '' });
    },
    onLeaveSubmit() {
      const reason = this.data.reason.trim();
      if (!reason) {
        this.setData({ reasonError: '请写一下请假的原因，例如“在医院值班”。' });
        return;
      }
      this.subscribeInTap();
      this.send(this.data.leaveFor, 'leave', reason);
    },
    async send(id: number, answer: 'attend' | 'leave', reason: string) {
      if (this.data.sendingId) return;
      this.setData({ sendingId: id, [`rowError.${id}`]: '', [`saved.${id}`]: '' });
      try {
        const a = await rsvp(id, answer, reason);
        const now = Date.now();
        const i = this.data.upcoming.findIndex((x) => x.id === id);
        const patch: Record<string, unknown> = { sendingId: 0, leaveFor: 0, reason: '', [`saved.${id}`]: answer === 'attend' ? '已告诉联络站：您参加。' : '已告诉联络站：您请假。' };
        if (i >= 0) patch[`upcoming[${i}]`] = item(a, now);
        this.setData(patch);
      } catch (err) {
        let msg = messageOf(err);
        if (err instanceof ApiError && err.kind === 'conflict') msg = '活动已经开始、已取消或已结束，不能再改答复了。如需请假请直接联系联络站。';
        if (err instanceof ApiError && err.fields.reason) {
          this.setData({ sendingId: 0, reasonError: err.fields.reason });
          return;
        }
        this.setData({ sendingId: 0, [`rowError.${id}`]: msg });
      }
    },

    onMap(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id);
      const a = ((this as unknown as { raw?: MyActivity[] }).raw || []).find((x) => x.id === id);
      if (!a || typeof a.latitude !== 'number' || typeof a.longitude !== 'number') return;
      wx.openLocation({ latitude: a.latitude, longitude: a.longitude, name: a.title, address: a.venue, scale: 17 });
    },
    onCheckIn(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/deputy/checkin/index?id=${Number(e.currentTarget.dataset.id)}` });
    },
    onInbox() {
      wx.navigateTo({ url: '/deputy/inbox/index' });
    },
    onBind() {
      wx.redirectTo({ url: '/deputy/bind/index?next=' + encodeURIComponent('/deputy/activities/index') });
    },
    onHome() {
      wx.reLaunch({ url: '/pages/index/index' });
    },
  },
});
