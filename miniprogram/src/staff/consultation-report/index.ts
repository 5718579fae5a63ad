// Staff: what a station passes on once the office has reviewed a draft regulation (立法征询,
// 请转告答复). Opinions said at the station — at a consultation meeting, or by a walk-in —
// whose authors left no phone cannot be told by the system; the staff read them out at the
// next meeting and tell the deputies. Per station: how many opinions it gave and how many were
// adopted, then each opinion to pass on with its article, its text, who said it and where, the
// outcome in the words of 我的立法意见 and the reason.
// Opened from the WeChat notice (consultation_station_report) with `id` (the consultation)
// and `station_id` (optional: only that station's part).
import { consultationStats, ConsultationStats, OpinionToPassOn, StationStats } from '../../api/consultations';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { consoleAddress } from '../../utils/console';
import { articleWords, outcomeTone, outcomeWords } from '../../utils/consultation';
import { dateWords } from '../../utils/format';

interface OpinionView {
  id: number;
  /** 第三条, or 草案整体 */
  article: string;
  content: string;
  /** who said it, when they left their name; '' otherwise */
  name: string;
  /** 在“<the meeting>”上提出, or 到站提出 */
  where: string;
  date: string;
  outcome: string;
  tone: string;
  reason: string;
}

/** A station's part; the page says "本站提出意见 {total} 条，采纳 {adopted} 条、部分采纳 {partly} 条。以下 {opinions.length} 条请转告…". */
interface StationView {
  id: number;
  name: string;
  total: number;
  adopted: number;
  partly: number;
  opinions: OpinionView[];
}

/** What the page shows under the title. */
type Shown = '' | 'waiting' | 'none' | 'report';

function positive(v: string | undefined): number {
  return v && /^\d{1,12}$/.test(v) ? Number(v) : 0;
}

function opinionView(o: OpinionToPassOn): OpinionView {
  return {
    id: o.id,
    article: articleWords(o.article_number) || '草案整体',
    content: (o.content || '').trim(),
    name: (o.name || '').trim(),
    where: o.activity && o.activity.name ? `在“${o.activity.name}”上提出` : '到站提出',
    date: dateWords(o.created_at),
    outcome: outcomeWords(o.outcome),
    tone: outcomeTone(o.outcome),
    reason: (o.reason || '').trim(),
  };
}

function stationView(s: StationStats): StationView {
  return { id: s.station!.id, name: s.station!.name, total: s.opinions, adopted: s.adopted, partly: s.partly_adopted, opinions: s.to_pass_on.map(opinionView) };
}

/** The stations with opinions to pass on (only `only`'s when given); the row without a station is never one. */
function stationViews(stats: ConsultationStats, only: number): StationView[] {
  return (stats.stations || [])
    .filter((s) => s.station && (s.to_pass_on || []).length && (!only || s.station.id === only))
    .map(stationView);
}

Component({
  behaviors: [elder],
  data: {
    id: 0,
    stationId: 0,
    loading: false,
    error: '',
    /** the error is worth a 重试 (a network failure, the server) */
    retry: true,
    title: '',
    shown: '' as Shown,
    stations: [] as StationView[],
    consoleAddress: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ id: positive(options.id), stationId: positive(options.station_id), consoleAddress: consoleAddress() });
      if (!this.data.id) {
        this.setData({ error: '没有指明要转告的是哪部法规草案。请返回后从通知重新打开。', retry: false });
        return;
      }
      this.load();
    },

    async load() {
      this.setData({ loading: true, error: '', retry: true });
      try {
        const stats = await consultationStats(this.data.id);
        const reviewed = stats.status === 'reviewed';
        const stations = reviewed ? stationViews(stats, this.data.stationId) : [];
        this.setData({
          loading: false,
          title: stats.title,
          stations,
          shown: !reviewed ? 'waiting' : stations.length ? 'report' : 'none',
        });
      } catch (err) {
        const kind = err instanceof ApiError ? err.kind : '';
        const error = kind === 'not_found'
          ? '没有找到要转告的内容：这部法规草案不存在，或者没有在您负责的联络站征求意见。'
          : messageOf(err);
        this.setData({ loading: false, shown: '', stations: [], error, retry: kind !== 'not_found' && kind !== 'forbidden' && kind !== 'unauthorized' });
      }
    },

    onBack() {
      wx.navigateBack({ fail: () => wx.reLaunch({ url: '/pages/index/index' }) });
    },
  },
});
