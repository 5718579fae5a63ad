// The page a deputy's code opens: scene `d=<id>` (URL-encoded in options.scene).
// The deputy's name and levels, the stations they serve, the reception days they are on duty,
// and 给代表留言. Nothing private: the card has no phone and no employer, and the page shows
// only the fields it names. A deputy whose term ended says so and points to their station.
import { getDeputyCard } from '../../api/deputies';
import { DeputyCard, DutyDay, IdName } from '../../api/deputy-card';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { shanghaiDate } from '../../utils/duty';
import { dayWords, levelWords, timeWords } from '../../utils/format';
import { deputyIdFrom } from '../../utils/scene';

interface DayView {
  key: string;
  day: string;
  time: string;
  station: string;
  venue: string;
}

interface DeputyView {
  id: number;
  name: string;
  levelText: string;
  active: boolean;
  stations: IdName[];
  /** null: the card does not list duty days, so the page shows no such section. */
  days: DayView[] | null;
}

/** The card's reception days that have not passed, soonest first; null when the card lists none. */
function dutyDays(card: DeputyCard, today = shanghaiDate()): DayView[] | null {
  if (!Array.isArray(card.reception_days)) return null;
  return card.reception_days
    .filter((d: DutyDay) => d.start_at && d.start_at.slice(0, 10) >= today)
    .sort((a: DutyDay, b: DutyDay) => Date.parse(a.start_at) - Date.parse(b.start_at) || a.id - b.id)
    .map((d: DutyDay) => {
      const end = timeWords(d.end_at);
      return {
        key: String(d.id),
        day: dayWords(d.start_at),
        time: timeWords(d.start_at) + (end ? `–${end}` : ''),
        station: d.station_name,
        venue: d.venue || '',
      };
    });
}

function deputyView(card: DeputyCard): DeputyView {
  return {
    id: card.id,
    name: card.name,
    levelText: levelWords(card.levels),
    active: card.active !== false,
    stations: (card.stations || []).map((s) => ({ id: s.id, name: s.name })),
    days: dutyDays(card),
  };
}

Component({
  behaviors: [elder],
  data: {
    deputyId: 0,
    loading: false,
    error: '',
    deputy: null as DeputyView | null,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const deputyId = deputyIdFrom(options);
      this.setData({ deputyId });
      if (deputyId) this.load();
    },

    async load() {
      this.setData({ loading: true, error: '', deputy: null });
      try {
        const card = await getDeputyCard(this.data.deputyId);
        this.setData({ loading: false, deputy: deputyView(card) });
      } catch (err) {
        const notFound = err instanceof ApiError && err.kind === 'not_found';
        this.setData({
          loading: false,
          error: notFound ? '没有找到这位代表，二维码可能有误。您可以到首页查找联络站。' : messageOf(err),
        });
      }
    },

    onWrite() {
      const d = this.data.deputy;
      if (!d || !d.active) return;
      wx.navigateTo({ url: `/pages/message-form/index?deputy_id=${d.id}` });
    },

    onStation(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id);
      if (id > 0) wx.navigateTo({ url: `/pages/station/index?id=${id}` });
    },

    onHome() {
      wx.reLaunch({ url: '/pages/index/index' });
    },

    onPrivacy() {
      wx.navigateTo({ url: '/pages/privacy/index' });
    },

    onShareAppMessage() {
      const d = this.data.deputy;
      return { title: d ? `${d.name}代表` : '人大代表联络站', path: `/pages/deputy/index?id=${this.data.deputyId}` };
    },
  },
});
