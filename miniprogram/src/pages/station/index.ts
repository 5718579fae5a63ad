// The page a station's code opens: scene `s=<id>` (URL-encoded in options.scene).
// The station card with its deputies, the coming reception days, and answered messages whose
// authors agreed to publish them. Opened without a station: find one by name or nearby.
import { getMeta } from '../../api/meta';
import { getAnswers, getSchedule, getStation } from '../../api/stations';
import { Activity, Answer, CodeName, Station } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { rememberStation } from '../../services/last-station';
import { dateWords, dayWords, levelWords, timeWords } from '../../utils/format';
import { stationIdFrom } from '../../utils/scene';

interface StationView {
  id: number;
  name: string;
  topic: string;
  address: string;
  open_hours: string;
  hasMap: boolean;
  latitude: number;
  longitude: number;
  deputies: { id: number; name: string; levelText: string; convenor: boolean }[];
  /** The station's deputies' letters this year in one plain sentence; '' when the card has none. */
  letters: string;
}

interface ReceptionView {
  id: number;
  title: string;
  day: string;
  time: string;
  venue: string;
  deputies: string;
}

interface AnswerView {
  id: number;
  category: string;
  content: string;
  reply: string;
  date: string;
}

/**
 * The card carries `letters` only where the office shows them (the setting
 * public_station_letters): the messages written to the station's deputies by their code this
 * year (the server's year, in China), and how many were answered.
 */
function lettersWords(s: Station): string {
  const l = (s as Partial<Pick<Station, 'letters'>>).letters;
  if (!l || typeof l.received !== 'number' || typeof l.answered !== 'number') return '';
  if (l.received === 0) return '本站代表今年还没有收到群众来信。';
  return `本站代表今年收到群众来信${l.received}件，已答复${l.answered}件。`;
}

function stationView(s: Station): StationView {
  return {
    id: s.id,
    name: s.name,
    topic: s.kind === 'professional' ? s.topic : '',
    address: s.address,
    open_hours: s.open_hours,
    hasMap: typeof s.latitude === 'number' && typeof s.longitude === 'number',
    latitude: s.latitude || 0,
    longitude: s.longitude || 0,
    deputies: (s.deputies || []).map((d) => ({ id: d.id, name: d.name, levelText: levelWords(d.levels), convenor: !!d.convenor })),
    letters: lettersWords(s),
  };
}

function receptionView(a: Activity): ReceptionView {
  const end = timeWords(a.end_at);
  return {
    id: a.id,
    title: a.title,
    day: dayWords(a.start_at),
    time: timeWords(a.start_at) + (end ? `–${end}` : ''),
    venue: a.venue,
    deputies: (a.deputies || []).map((d) => d.name).join('、') || '待定',
  };
}

function categoryName(categories: CodeName[], code: string): string {
  const c = categories.find((x) => x.code === code);
  return c ? c.name : '';
}

Component({
  behaviors: [elder],
  data: {
    stationId: 0,
    loading: false,
    error: '',
    station: null as StationView | null,
    schedule: { loading: false, error: '', empty: '', items: [] as ReceptionView[] },
    answers: { loading: false, error: '', empty: '', items: [] as AnswerView[], cursor: '' },
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const stationId = stationIdFrom(options);
      this.setData({ stationId });
      if (stationId) this.load();
    },

    async load() {
      this.setData({ loading: true, error: '', station: null });
      try {
        const s = await getStation(this.data.stationId);
        this.setData({ loading: false, station: stationView(s) });
        rememberStation({ id: s.id, name: s.name }); // the home page shows this station's drafts open for comment
      } catch (err) {
        const notFound = err instanceof ApiError && err.kind === 'not_found';
        this.setData({
          loading: false,
          error: notFound ? '没有找到这个联络站，它可能已经撤销或二维码有误。您可以查找其他联络站。' : messageOf(err),
        });
        return;
      }
      this.loadSchedule();
      this.setData({ 'answers.items': [], 'answers.cursor': '' });
      this.loadAnswers();
    },

    async loadSchedule() {
      this.setData({ schedule: { loading: true, error: '', empty: '', items: [] } });
      try {
        const page = await getSchedule(this.data.stationId);
        const items = (page.items || []).filter((a) => a.kind === 'reception_day').map(receptionView);
        this.setData({ schedule: { loading: false, error: '', empty: items.length ? '' : '近期暂无安排。接待日确定后会在这里公布。', items } });
      } catch (err) {
        this.setData({ schedule: { loading: false, error: messageOf(err), empty: '', items: [] } });
      }
    },

    async loadAnswers() {
      const before = this.data.answers;
      this.setData({ 'answers.loading': true, 'answers.error': '', 'answers.empty': '' });
      try {
        const [page, meta] = await Promise.all([
          getAnswers(this.data.stationId, before.cursor),
          getMeta().catch(() => ({ categories: [] as CodeName[] })),
        ]);
        const more = (page.items || []).map(
          (a: Answer): AnswerView => ({
            id: a.id,
            category: categoryName(meta.categories || [], a.category),
            content: a.content,
            reply: a.reply,
            date: '答复于 ' + dateWords(a.replied_at || a.submitted_at),
          }),
        );
        const items = before.items.concat(more);
        this.setData({
          answers: { loading: false, error: '', empty: items.length ? '' : '还没有公开的答复。', items, cursor: page.next_cursor || '' },
        });
      } catch (err) {
        this.setData({ 'answers.loading': false, 'answers.error': messageOf(err) });
      }
    },

    onMap() {
      const s = this.data.station;
      if (!s || !s.hasMap) return;
      wx.openLocation({ latitude: s.latitude, longitude: s.longitude, name: s.name, address: s.address, scale: 17 });
    },

    onWrite() {
      wx.navigateTo({ url: `/pages/message-form/index?station_id=${this.data.stationId}` });
    },

    onMine() {
      wx.navigateTo({ url: '/pages/my-messages/index' });
    },

    onPrivacy() {
      wx.navigateTo({ url: '/pages/privacy/index' });
    },

    onFindOther() {
      wx.reLaunch({ url: '/pages/index/index' });
    },

    onShareAppMessage() {
      const s = this.data.station;
      return { title: s ? s.name : '人大代表联络站', path: `/pages/station/index?id=${this.data.stationId}` };
    },
  },
});
