// Staff: a station's compliance this year with the activity rules (item 4): per rule, each
// period's required count, how many were held, and whether it was met.
import { stationCompliance } from '../../api/activities';
import { elder } from '../../behaviors/elder';
import { messageOf } from '../../services/errors';
import { myStations } from '../../services/staff';
import { consoleAddress } from '../../utils/console';
import { periodWords, ruleWords, shanghaiYear } from '../../utils/duty';

interface RuleView {
  kind: string;
  name: string;
  rule: string;
  met: number;
  ended: number;
  periods: { period: string; label: string; text: string; state: string; stateText: string }[];
}

Component({
  behaviors: [elder],
  data: {
    year: shanghaiYear(),
    thisYear: shanghaiYear(),
    stations: [] as { id: number; name: string }[],
    stationIndex: 0,
    loading: false,
    error: '',
    empty: '',
    station: '',
    rules: [] as RuleView[],
    summary: '',
    consoleAddress: '',
  },
  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      this.setData({ loading: true, error: '', consoleAddress: consoleAddress() });
      try {
        const stations = (await myStations()).map((s) => ({ id: s.id, name: s.name }));
        const wanted = Number(options.station_id) || 0;
        this.setData({ stations, stationIndex: Math.max(0, stations.findIndex((s) => s.id === wanted)) });
        if (!stations.length) {
          this.setData({ loading: false, empty: '您负责的范围里还没有联络站。' });
          return;
        }
      } catch (err) {
        this.setData({ loading: false, error: messageOf(err) });
        return;
      }
      this.load();
    },
    onRetry() {
      if (!this.data.stations.length) this.onLoad({});
      else this.load();
    },
    async load() {
      const s = this.data.stations[this.data.stationIndex];
      if (!s) return;
      const year = this.data.year;
      this.setData({ loading: true, error: '', empty: '' });
      try {
        const c = await stationCompliance(s.id, year);
        if (year !== this.data.year) return;
        let met = 0;
        let ended = 0;
        const rules: RuleView[] = (c.rules || []).map((r) => {
          const periods = (r.periods || []).map((p) => {
            if (p.ended) ended++;
            if (p.ended && p.met) met++;
            const state = p.met ? 'met' : p.ended ? 'missed' : 'open';
            return {
              period: p.period,
              label: periodWords(p.period),
              text: `要求 ${p.required} 次，已开展 ${p.held} 次${!p.ended && p.scheduled ? `，已安排 ${p.scheduled} 次` : ''}`,
              state,
              stateText: state === 'met' ? '达标' : state === 'missed' ? '未达标' : '进行中',
            };
          });
          return {
            kind: r.kind,
            name: r.kind_name,
            rule: ruleWords(r.period, r.at_least),
            met: periods.filter((p) => p.state === 'met').length,
            ended: (r.periods || []).filter((p) => p.ended).length,
            periods,
          };
        });
        this.setData({
          loading: false,
          station: c.station_name,
          rules,
          empty: rules.length ? '' : '没有配置活动要求。',
          summary: ended ? `已结束的 ${ended} 个周期中，${met} 个达标。` : '今年还没有结束的周期。',
        });
      } catch (err) {
        this.setData({ loading: false, error: messageOf(err) });
      }
    },
    onStation(e: WechatMiniprogram.PickerChange) {
      this.setData({ stationIndex: Number(e.detail.value) });
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
  },
});
