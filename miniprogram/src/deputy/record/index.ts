// My performance file (履职档案) of a year: counts per kind of activity and in all, the
// messages assigned to me, the letters citizens wrote to me (群众来信), the opinions I gave on
// draft regulations (立法征询), and the list of that year's activities with my attendance.
import { myActivities, myRecord } from '../../api/deputy';
import { KindCount, MyActivity } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { clockWords, rsvpWords, shanghaiYear } from '../../utils/duty';
import { dayWords } from '../../utils/format';

interface Row {
  id: number;
  title: string;
  kind: string;
  when: string;
  result: string;
  tone: string;
}

// hoursWords says a number of hours in days and hours (1天6小时); '' for none.
export function hoursWords(h: number | null | undefined): string {
  if (h === null || h === undefined) return '';
  if (h < 1) return '不到1小时';
  const whole = Math.floor(h);
  const days = Math.floor(whole / 24);
  const hours = whole % 24;
  if (!days) return `${hours}小时`;
  return hours ? `${days}天${hours}小时` : `${days}天`;
}

function row(a: MyActivity, now: number): Row {
  const ended = Date.parse(a.end_at) <= now;
  let result: string;
  let tone = 'working';
  if (a.status === 'cancelled') {
    result = '活动取消';
    tone = 'done';
  } else if (a.checked_in_at) {
    result = `出席（${clockWords(a.checked_in_at)} 签到）`;
    tone = 'answered';
  } else if (a.rsvp === 'leave') {
    result = '请假';
    tone = 'waiting';
  } else if (ended) {
    result = '缺席';
    tone = 'refused';
  } else {
    result = `未开始 · ${rsvpWords(a.rsvp)}`;
  }
  return { id: a.id, title: a.title, kind: a.kind_name, when: dayWords(a.start_at), result, tone };
}

Component({
  behaviors: [elder],
  data: {
    year: shanghaiYear(),
    thisYear: shanghaiYear(),
    loading: false,
    error: '',
    notDeputy: false,
    name: '',
    total: null as KindCount | null,
    kinds: [] as KindCount[],
    messagesAssigned: 0,
    messagesReplied: 0,
    lettersReceived: 0,
    lettersAnswered: 0,
    lettersMedian: '',
    /** Opinions on draft regulations given this year, signed in as the deputy (a meeting's are the meeting's). */
    legislativeOpinions: 0,
    rows: [] as Row[],
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const y = Number(options.year);
      if (y > 2000 && y <= this.data.thisYear) this.setData({ year: y });
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '', notDeputy: false });
      const year = this.data.year;
      try {
        const [rec, acts] = await Promise.all([myRecord(year), myActivities().catch(() => ({ items: [] as MyActivity[], next_cursor: '' }))]);
        if (year !== this.data.year) return; // switched meanwhile
        const now = Date.now();
        this.setData({
          loading: false,
          name: rec.name,
          total: rec.total,
          kinds: (rec.kinds || []).filter((k) => k.invited > 0),
          messagesAssigned: rec.messages_assigned || 0,
          messagesReplied: rec.messages_replied || 0,
          lettersReceived: rec.messages_received || 0,
          lettersAnswered: rec.messages_answered || 0,
          lettersMedian: hoursWords(rec.messages_median_reply_hours),
          legislativeOpinions: rec.legislative_opinions || 0,
          rows: (acts.items || []).filter((a) => a.start_at.slice(0, 4) === String(year)).map((a) => row(a, now)),
        });
      } catch (err) {
        if (err instanceof ApiError && err.kind === 'forbidden') this.setData({ loading: false, notDeputy: true });
        else this.setData({ loading: false, error: messageOf(err) });
      }
    },
    onRetry() {
      this.load();
    },
    onPrevYear() {
      this.setData({ year: this.data.year - 1 });
      this.load();
    },
    onNextYear() {
      if (this.data.year >= this.data.thisYear) return;
      this.setData({ year: this.data.year + 1 });
      this.load();
    },
    onBind() {
      wx.redirectTo({ url: '/deputy/bind/index?next=' + encodeURIComponent('/deputy/record/index') });
    },
    onHome() {
      wx.reLaunch({ url: '/pages/index/index' });
    },
  },
});
