// A walk-in's or caller's message, entered by staff for them: their name and phone, and the
// consent they gave to having it recorded (on_behalf). The tracking code goes to their phone
// by SMS; it is also shown here to read out.
import { createWalkIn } from '../../api/admin';
import { getMeta } from '../../api/meta';
import { CodeName } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { myStations } from '../../services/staff';
import { charCount } from '../../utils/format';

type Errors = Partial<Record<'station' | 'category' | 'content' | 'name' | 'phone' | 'consent', string>>;

Component({
  behaviors: [elder],
  data: {
    loading: false,
    loadError: '',
    stations: [] as { id: number; name: string }[],
    stationIndex: 0,
    categories: [] as CodeName[],
    category: '',
    content: '',
    count: 0,
    name: '',
    phone: '',
    consent: false,
    errors: {} as Errors,
    sending: false,
    sendError: '',
    done: null as null | { code: string },
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      (this as unknown as { wanted: number }).wanted = Number(options.station_id) || 0;
      this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      try {
        const [stations, meta] = await Promise.all([myStations(), getMeta()]);
        const list = stations.map((s) => ({ id: s.id, name: s.name }));
        const wanted = (this as unknown as { wanted?: number }).wanted || 0;
        const i = Math.max(0, list.findIndex((s) => s.id === wanted));
        this.setData({ loading: false, stations: list, stationIndex: i, categories: meta.categories || [] });
        if (!list.length) this.setData({ loadError: '您负责的范围里还没有联络站。' });
      } catch (err) {
        this.setData({ loading: false, loadError: messageOf(err) });
      }
    },
    onStation(e: WechatMiniprogram.PickerChange) {
      this.setData({ stationIndex: Number(e.detail.value) });
    },
    onCategory(e: WechatMiniprogram.TouchEvent) {
      this.setData({ category: String(e.currentTarget.dataset.code), 'errors.category': '' });
    },
    onContent(e: WechatMiniprogram.Input) {
      this.setData({ content: e.detail.value, count: charCount(e.detail.value), 'errors.content': '' });
    },
    onName(e: WechatMiniprogram.Input) {
      this.setData({ name: e.detail.value, 'errors.name': '' });
    },
    onPhone(e: WechatMiniprogram.Input) {
      this.setData({ phone: e.detail.value.replace(/\s+/g, ''), 'errors.phone': '' });
    },
    onConsent() {
      this.setData({ consent: !this.data.consent, 'errors.consent': '' });
    },
    check(): Errors {
      const d = this.data;
      const e: Errors = {};
      if (!d.stations.length) e.station = '请选择联络站。';
      if (!d.category) e.category = '请选择留言类别。';
      const n = charCount(d.content.trim());
      if (n < 5) e.content = '请把群众反映的事情写清楚（至少 5 个字）。';
      else if (n > 2000) e.content = '内容不能超过 2000 字。';
      if (!d.name.trim()) e.name = '请填写来访人或来电人的姓名。';
      if (!/^1\d{10}$/.test(d.phone)) e.phone = '请填写 11 位手机号，查询码会用短信发给他。';
      if (!d.consent) e.consent = '请先征得本人同意，再勾选这一项。';
      return e;
    },
    async onSubmit() {
      if (this.data.sending) return;
      const errors = this.check();
      if (Object.keys(errors).length) {
        this.setData({ errors, sendError: '有几项需要修改，请看标红的提示。' });
        return;
      }
      const d = this.data;
      this.setData({ sending: true, sendError: '', errors: {} });
      try {
        const r = await createWalkIn(d.stations[d.stationIndex].id, {
          category: d.category,
          content: d.content.trim(),
          image_ids: [],
          anonymous: false,
          publish: false,
          on_behalf: { name: d.name.trim(), phone: d.phone, consent: true },
        });
        this.setData({ sending: false, done: { code: r.code } });
      } catch (err) {
        const f = err instanceof ApiError ? err.fields : {};
        const errors: Errors = {};
        if (f.category) errors.category = f.category;
        if (f.content) errors.content = f.content;
        if (f['on_behalf.name'] || f.name) errors.name = f['on_behalf.name'] || f.name;
        if (f['on_behalf.phone'] || f.phone) errors.phone = f['on_behalf.phone'] || f.phone;
        if (f['on_behalf.consent'] || f.consent || f.on_behalf) errors.consent = f['on_behalf.consent'] || f.consent || f.on_behalf;
        this.setData({ sending: false, errors, sendError: messageOf(err) });
      }
    },
    onAnother() {
      this.setData({ done: null, category: '', content: '', count: 0, name: '', phone: '', consent: false, errors: {}, sendError: '' });
    },
    onInbox() {
      wx.redirectTo({ url: '/staff/inbox/index' });
    },
  },
});
