// At the venue: the rotating check-in code, full screen, for deputies to scan. The code
// changes every 30 seconds; a new one is fetched a few seconds before the shown one expires
// (the backend also accepts the previous one). The screen is kept on while the page is open.
// The count of deputies checked in refreshes as they arrive.
import { checkinCode, getActivity } from '../../api/activities';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { spanWords } from '../../utils/duty';

/** Fetch the next code this long before the shown one expires. */
const EARLY_MS = 5000;
/** Never wait longer than this for the next code (a clock that is off). */
const MAX_WAIT_MS = 25000;
const COUNT_EVERY_MS = 15000;

interface Timers {
  code?: ReturnType<typeof setTimeout>;
  count?: ReturnType<typeof setInterval>;
  tick?: ReturnType<typeof setInterval>;
  gone?: boolean;
}

Component({
  behaviors: [elder],
  data: {
    id: 0,
    title: '',
    when: '',
    code: '',
    png: '',
    expiresAt: 0,
    left: 0,
    error: '',
    stale: false,
    checkedIn: 0,
    invited: 0,
  },
  lifetimes: {
    detached() {
      (this as unknown as { stop: () => void }).stop();
    },
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ id: Number(options.id) || 0 });
      wx.setKeepScreenOn({ keepScreenOn: true });
      this.loadActivity();
      this.nextCode();
      const t = this.timers();
      t.count = setInterval(() => this.loadActivity(), COUNT_EVERY_MS);
      t.tick = setInterval(() => this.tick(), 1000);
    },
    onUnload() {
      this.stop();
    },
    timers(): Timers {
      const self = this as unknown as { t?: Timers };
      if (!self.t) self.t = {};
      return self.t;
    },
    stop() {
      const t = this.timers();
      if (t.gone) return;
      t.gone = true;
      if (t.code) clearTimeout(t.code);
      if (t.count) clearInterval(t.count);
      if (t.tick) clearInterval(t.tick);
      wx.setKeepScreenOn({ keepScreenOn: false });
    },
    tick() {
      if (!this.data.expiresAt) return;
      const left = Math.max(0, Math.ceil((this.data.expiresAt - Date.now()) / 1000));
      if (left !== this.data.left) this.setData({ left });
    },
    async loadActivity() {
      try {
        const a = await getActivity(this.data.id);
        this.setData({ title: a.title, when: spanWords(a.start_at, a.end_at), checkedIn: a.counts ? a.counts.checked_in : 0, invited: a.counts ? a.counts.invited : 0 });
      } catch (e) {
        /* the code matters more; the count comes back next time */
      }
    },
    async nextCode() {
      const t = this.timers();
      if (t.gone) return;
      try {
        const c = await checkinCode(this.data.id);
        if (t.gone) return;
        const expiresAt = Date.parse(c.expires_at);
        this.setData({ code: c.code, png: c.png ? 'data:image/png;base64,' + c.png : '', expiresAt, error: '', stale: false });
        this.tick();
        const wait = Math.min(MAX_WAIT_MS, Math.max(1000, expiresAt - Date.now() - EARLY_MS));
        t.code = setTimeout(() => this.nextCode(), wait);
      } catch (err) {
        if (t.gone) return;
        const conflict = err instanceof ApiError && err.kind === 'conflict';
        this.setData({
          error: conflict ? '现在不能签到：活动还没发布、已取消，或已不在签到时间内（开始前 1 小时到结束）。' : `签到码没有更新：${messageOf(err)}`,
          stale: true,
        });
        if (!conflict) t.code = setTimeout(() => this.nextCode(), 3000); // keep trying on a flaky network
      }
    },
    onRetry() {
      const t = this.timers();
      if (t.code) clearTimeout(t.code);
      this.nextCode();
    },
    onBack() {
      wx.navigateBack({ fail: () => wx.redirectTo({ url: `/staff/activity/index?id=${this.data.id}` }) });
    },
  },
});
