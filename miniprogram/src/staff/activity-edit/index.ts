// Staff: a new draft activity, or a change to one. Kind, date and times (pickers), venue
// (typed, or chosen on the map with wx.chooseLocation), check-in radius, and whom to invite:
// the whole station, a deputy group, or deputies picked one by one.
// A published activity may change only its time and venue; saving that tells the invitees,
// so it is confirmed with how many deputies and employers will be told.
import { audience, createActivity, getActivity, updateActivity } from '../../api/activities';
import { adminDeputies, adminGroups, all } from '../../api/admin';
import { getMeta } from '../../api/meta';
import { ActivityInput, AdminActivity, AdminStation, CodeName, Invitees } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { myStations } from '../../services/staff';
import { isoAt, pickerParts, shanghaiDate } from '../../utils/duty';
import { scrollToFirstError } from '../../utils/scroll';
import { ask } from '../../utils/ask';

type Mode = 'station' | 'group' | 'deputies';
type Errors = Record<string, string>;

const DAY = 24 * 3600 * 1000;

/** The fields from the top of the form down (their ids are field-<name>). */
const FIELD_ORDER = ['kind', 'title', 'time', 'venue', 'checkin_radius_m', 'invitees'];

/** Server field names → the form's. */
function formErrors(f: Record<string, string>): Errors {
  const out: Errors = {};
  for (const [k, v] of Object.entries(f)) {
    if (k === 'start_at' || k === 'end_at') out.time = v;
    else if (k.startsWith('invitees')) out.invitees = v;
    else if (k === 'latitude' || k === 'longitude') out.venue = v;
    else out[k] = v;
  }
  return out;
}

Component({
  behaviors: [elder],
  data: {
    id: 0,
    status: 'draft',
    loading: false,
    loadError: '',
    stations: [] as AdminStation[],
    stationIndex: 0,
    kinds: [] as CodeName[],
    kindIndex: -1,
    title: '',
    description: '',
    date: shanghaiDate(Date.now() + DAY),
    today: shanghaiDate(),
    start: '09:30',
    end: '11:30',
    venue: '',
    latitude: null as number | null,
    longitude: null as number | null,
    radius: '300',
    mode: 'station' as Mode,
    groups: [] as { id: number; name: string }[],
    groupIndex: -1,
    deputies: [] as { id: number; name: string; on: boolean }[],
    errors: {} as Errors,
    saving: false,
    saveError: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ id: Number(options.id) || 0 });
      (this as unknown as { wantedStation: number }).wantedStation = Number(options.station_id) || 0;
      this.load();
    },
    onRetry() {
      this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      try {
        const [stations, meta, a] = await Promise.all([myStations(), getMeta(), this.data.id ? getActivity(this.data.id) : Promise.resolve(null)]);
        const kinds = meta.activity_kinds || [];
        this.setData({ stations, kinds });
        if (!stations.length) throw new ApiError({ kind: 'forbidden', message: '您负责的范围里还没有联络站，不能安排活动。' });
        if (a) this.fill(a);
        else {
          const wanted = (this as unknown as { wantedStation?: number }).wantedStation || 0;
          const i = Math.max(0, stations.findIndex((s) => s.id === wanted));
          this.setData({ stationIndex: i });
          this.stationDefaults();
        }
        await this.loadInvitables();
        this.setData({ loading: false });
      } catch (err) {
        this.setData({ loading: false, loadError: messageOf(err) });
      }
    },
    fill(a: AdminActivity) {
      const s = pickerParts(a.start_at);
      const e = pickerParts(a.end_at);
      const inv = a.invitees || {};
      const mode: Mode = inv.group_id ? 'group' : inv.deputy_ids && inv.deputy_ids.length ? 'deputies' : 'station';
      (this as unknown as { picked: number[]; group: number }).picked = inv.deputy_ids || [];
      (this as unknown as { picked: number[]; group: number }).group = inv.group_id || 0;
      this.setData({
        status: a.status,
        stationIndex: Math.max(0, this.data.stations.findIndex((x) => x.id === a.station_id)),
        kindIndex: this.data.kinds.findIndex((k) => k.code === a.kind),
        title: a.title,
        description: a.description || '',
        date: s.date,
        start: s.time,
        end: e.time,
        venue: a.venue,
        latitude: a.latitude,
        longitude: a.longitude,
        radius: String(a.checkin_radius_m || 300),
        mode,
      });
    },
    /** A new activity: the station's address, position and radius. */
    stationDefaults() {
      const s = this.data.stations[this.data.stationIndex];
      if (!s) return;
      this.setData({ venue: s.address || '', latitude: s.latitude, longitude: s.longitude, radius: String(s.checkin_radius_m || 300) });
    },
    async loadInvitables() {
      const s = this.data.stations[this.data.stationIndex];
      const [groups, deputies] = await Promise.all([all((c) => adminGroups(c)).catch(() => []), all((c) => adminDeputies(s ? s.id : 0, c))]);
      const self = this as unknown as { picked?: number[]; group?: number };
      const picked = self.picked || [];
      this.setData({
        groups: groups.map((g) => ({ id: g.id, name: g.name })),
        groupIndex: groups.findIndex((g) => g.id === self.group),
        deputies: deputies.filter((d) => d.active !== false).map((d) => ({ id: d.id, name: d.name, on: picked.includes(d.id) })),
      });
    },

    // ---- fields ----
    async onStation(e: WechatMiniprogram.PickerChange) {
      this.setData({ stationIndex: Number(e.detail.value) });
      this.stationDefaults();
      try {
        await this.loadInvitables();
      } catch (err) {
        this.setData({ saveError: messageOf(err) });
      }
    },
    onKind(e: WechatMiniprogram.PickerChange) {
      const i = Number(e.detail.value);
      const patch: Record<string, unknown> = { kindIndex: i, 'errors.kind': '' };
      if (!this.data.title.trim() && this.data.kinds[i]) patch.title = this.data.kinds[i].name;
      this.setData(patch);
    },
    onTitle(e: WechatMiniprogram.Input) {
      this.setData({ title: e.detail.value, 'errors.title': '' });
    },
    onDescription(e: WechatMiniprogram.Input) {
      this.setData({ description: e.detail.value });
    },
    onDate(e: WechatMiniprogram.PickerChange) {
      this.setData({ date: String(e.detail.value), 'errors.time': '' });
    },
    onStart(e: WechatMiniprogram.PickerChange) {
      this.setData({ start: String(e.detail.value), 'errors.time': '' });
    },
    onEnd(e: WechatMiniprogram.PickerChange) {
      this.setData({ end: String(e.detail.value), 'errors.time': '' });
    },
    onVenue(e: WechatMiniprogram.Input) {
      this.setData({ venue: e.detail.value, 'errors.venue': '' });
    },
    onChooseLocation() {
      const d = this.data;
      wx.chooseLocation({
        latitude: typeof d.latitude === 'number' ? d.latitude : undefined,
        longitude: typeof d.longitude === 'number' ? d.longitude : undefined,
        success: (r) => {
          const venue = r.name && r.address && !r.address.includes(r.name) ? `${r.address}${r.name}` : r.name || r.address || d.venue;
          this.setData({ venue, latitude: r.latitude, longitude: r.longitude, 'errors.venue': '' });
        },
        fail: (err) => {
          if (!/cancel/.test(err.errMsg || '')) this.setData({ 'errors.venue': '地图没有打开。请检查是否允许使用位置，或直接填写地点。' });
        },
      } as WechatMiniprogram.ChooseLocationOption);
    },
    onRadius(e: WechatMiniprogram.Input) {
      this.setData({ radius: e.detail.value, 'errors.checkin_radius_m': '' });
    },
    onMode(e: WechatMiniprogram.TouchEvent) {
      this.setData({ mode: e.currentTarget.dataset.mode as Mode, 'errors.invitees': '' });
    },
    onGroup(e: WechatMiniprogram.PickerChange) {
      this.setData({ groupIndex: Number(e.detail.value), 'errors.invitees': '' });
    },
    onToggleDeputy(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ [`deputies[${i}].on`]: !this.data.deputies[i].on, 'errors.invitees': '' });
    },

    // ---- saving ----
    published(): boolean {
      return this.data.status === 'published';
    },
    input(): { input?: ActivityInput; errors: Errors } {
      const d = this.data;
      const errors: Errors = {};
      const station = d.stations[d.stationIndex];
      const kind = d.kinds[d.kindIndex];
      if (!this.published()) {
        if (!kind) errors.kind = '请选择活动类别。';
        if (!d.title.trim()) errors.title = '请填写活动名称。';
      }
      if (!d.date || !d.start || !d.end) errors.time = '请选择日期和开始、结束时间。';
      else if (d.end <= d.start) errors.time = '结束时间要晚于开始时间。';
      else if (Date.parse(isoAt(d.date, d.start)) < Date.now()) errors.time = '开始时间已经过去了，请重新选择。';
      if (!d.venue.trim()) errors.venue = '请填写活动地点。';
      const radius = Number(d.radius);
      if (!/^\d+$/.test(d.radius) || radius < 50 || radius > 5000) errors.checkin_radius_m = '签到范围请填 50 到 5000 之间的米数。';
      let invitees: Invitees | undefined;
      if (!this.published()) {
        if (d.mode === 'station') invitees = { station_id: station ? station.id : 0 };
        else if (d.mode === 'group') {
          if (d.groupIndex < 0) errors.invitees = '请选择代表小组。';
          else invitees = { group_id: d.groups[d.groupIndex].id };
        } else {
          const ids = d.deputies.filter((x) => x.on).map((x) => x.id);
          if (!ids.length) errors.invitees = '请至少选一位代表。';
          else invitees = { deputy_ids: ids };
        }
      }
      if (Object.keys(errors).length) return { errors };
      const input: ActivityInput = {
        start_at: isoAt(d.date, d.start),
        end_at: isoAt(d.date, d.end),
        venue: d.venue.trim(),
        checkin_radius_m: radius,
      };
      if (typeof d.latitude === 'number' && typeof d.longitude === 'number') {
        input.latitude = d.latitude;
        input.longitude = d.longitude;
      }
      if (!this.published()) {
        Object.assign(input, { station_id: station.id, kind: kind.code, title: d.title.trim(), description: d.description.trim(), invitees });
      }
      return { input, errors };
    },
    async onSave() {
      if (this.data.saving) return;
      const { input, errors } = this.input();
      if (!input) {
        this.setData({ errors, saveError: '有几项需要修改，请看标红的提示。' }, () => scrollToFirstError(errors, FIELD_ORDER));
        return;
      }
      this.setData({ saving: true, saveError: '', errors: {} });
      try {
        if (this.published()) {
          const who = await audience(this.data.id);
          const ok = await ask('修改时间地点', `修改后将通知 ${who.deputies} 位代表和 ${who.employers} 家代表工作单位。确定修改吗？`, '确定修改');
          if (!ok) {
            this.setData({ saving: false });
            return;
          }
        }
        if (this.data.id) {
          await updateActivity(this.data.id, input);
          this.setData({ saving: false });
          wx.navigateBack({ fail: () => wx.redirectTo({ url: `/staff/activity/index?id=${this.data.id}` }) });
        } else {
          const a = await createActivity(input);
          this.setData({ saving: false, id: a.id });
          wx.redirectTo({ url: `/staff/activity/index?id=${a.id}` });
        }
      } catch (err) {
        const f = err instanceof ApiError ? formErrors(err.fields) : {};
        const msg = err instanceof ApiError && err.kind === 'conflict' ? '活动的状态刚刚变了（可能已开始、已取消或已结束），不能这样修改。请返回查看最新状态。' : messageOf(err);
        this.setData({ saving: false, errors: f, saveError: msg }, () => scrollToFirstError(f, FIELD_ORDER));
      }
    },
  },
});
