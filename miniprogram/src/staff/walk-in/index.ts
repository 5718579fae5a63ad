// A walk-in's or caller's message, entered by staff for them: their name and phone, and the
// consent they gave to having it recorded (on_behalf). The tracking code goes to their phone
// by SMS; it is also shown here to read out. Photos the person brought (a letter, the broken
// road) can be taken and attached, up to 9. Whether the answer may be shown on the station's
// page is asked separately (on_behalf.publish_consent), unticked until the person agrees.
import { createWalkIn } from '../../api/admin';
import { getMeta } from '../../api/meta';
import { CodeName } from '../../api/types';
import { uploadPhoto } from '../../api/uploads';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { rules } from '../../api/rules';
import { myStations } from '../../services/staff';
import { charCount } from '../../utils/format';
import { limiter } from '../../utils/limit';
import { choosePhotos, maxPhotos, PhotoItem, tooLargeWords } from '../../utils/photos';
import { scrollToFirstError } from '../../utils/scroll';

const uploadSlot = limiter(3);

type Errors = Partial<Record<'station' | 'category' | 'content' | 'photos' | 'name' | 'phone' | 'consent' | 'publish', string>>;

/** The fields from the top of the form down (their ids are field-<name>). */
const FIELD_ORDER = ['station', 'category', 'content', 'photos', 'name', 'phone', 'consent', 'publish'] as const;

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
    /** The longest content the backend takes (GET /meta). */
    max: rules().text_limits.content_max,
    name: '',
    phone: '',
    consent: false,
    /** The person agreed, asked separately, that the answer may be shown on the station's page. */
    publishConsent: false,
    photos: [] as PhotoItem[],
    maxPhotos: maxPhotos(),
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
        this.setData({ loading: false, stations: list, stationIndex: i, categories: meta.categories || [], maxPhotos: maxPhotos(), max: rules().text_limits.content_max });
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
    onAddPhoto() {
      choosePhotos(
        maxPhotos() - this.data.photos.length,
        (added) => {
          this.setData({ photos: this.data.photos.concat(added), 'errors.photos': '' });
          added.filter((x) => x.status === 'uploading').forEach((x) => this.upload(x.key));
        },
        (message) => this.setData({ 'errors.photos': message }),
      );
    },
    async upload(key: string) {
      const at = () => this.data.photos.findIndex((x) => x.key === key);
      try {
        const photo = await uploadSlot(() => uploadPhoto(this.data.photos[at()].path));
        if (at() >= 0) this.setData({ [`photos[${at()}].status`]: 'done', [`photos[${at()}].id`]: photo.id });
      } catch (err) {
        if (at() >= 0) this.setData({ [`photos[${at()}].status`]: 'failed', [`photos[${at()}].error`]: '没传上去，点一下重试' });
      }
    },
    onPhotoTap(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const p = this.data.photos[i];
      if (!p) return;
      if (p.status === 'failed' && p.error !== tooLargeWords()) {
        this.setData({ [`photos[${i}].status`]: 'uploading', [`photos[${i}].error`]: '' });
        this.upload(p.key);
      }
    },
    onRemovePhoto(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_, j) => j !== i) });
    },
    onConsent() {
      this.setData({ consent: !this.data.consent, 'errors.consent': '' });
    },
    onPublishConsent() {
      this.setData({ publishConsent: !this.data.publishConsent, 'errors.publish': '' });
    },
    check(): Errors {
      const d = this.data;
      const e: Errors = {};
      if (!d.stations.length) e.station = '请选择联络站。';
      if (!d.category) e.category = '请选择留言类别。';
      const n = charCount(d.content.trim());
      const { content_min: least, content_max: most } = rules().text_limits;
      if (n < least) e.content = `请把群众反映的事情写清楚（至少 ${least} 个字）。`;
      else if (n > most) e.content = `内容不能超过 ${most} 字。`;
      if (!d.name.trim()) e.name = '请填写来访人或来电人的姓名。';
      if (!/^1\d{10}$/.test(d.phone)) e.phone = '请填写 11 位手机号，查询码会用短信发给他。';
      if (!d.consent) e.consent = '请先征得本人同意，再勾选这一项。';
      if (d.photos.some((p) => p.status === 'uploading')) e.photos = '照片还在上传，请稍等几秒再提交。';
      else if (d.photos.some((p) => p.status === 'failed')) e.photos = '有照片没传上去：点它重试，或点“删除”去掉。';
      return e;
    },
    async onSubmit() {
      if (this.data.sending) return;
      const errors = this.check();
      if (Object.keys(errors).length) {
        this.setData({ errors, sendError: '有几项需要修改，请看标红的提示。' }, () => scrollToFirstError(errors, FIELD_ORDER));
        return;
      }
      const d = this.data;
      this.setData({ sending: true, sendError: '', errors: {} });
      try {
        const r = await createWalkIn(d.stations[d.stationIndex].id, {
          category: d.category,
          content: d.content.trim(),
          image_ids: d.photos.filter((p) => p.status === 'done').map((p) => p.id),
          anonymous: false,
          publish: d.publishConsent,
          on_behalf: { name: d.name.trim(), phone: d.phone, consent: true, publish_consent: d.publishConsent },
        });
        this.setData({ sending: false, done: { code: r.code } });
      } catch (err) {
        const f = err instanceof ApiError ? err.fields : {};
        const errors: Errors = {};
        if (f.category) errors.category = f.category;
        if (f.content) errors.content = f.content;
        if (f.image_ids) errors.photos = f.image_ids;
        if (f['on_behalf.name'] || f.name) errors.name = f['on_behalf.name'] || f.name;
        if (f['on_behalf.phone'] || f.phone) errors.phone = f['on_behalf.phone'] || f.phone;
        if (f['on_behalf.consent'] || f.consent || f.on_behalf) errors.consent = f['on_behalf.consent'] || f.consent || f.on_behalf;
        if (f['on_behalf.publish_consent']) errors.publish = f['on_behalf.publish_consent'];
        this.setData({ sending: false, errors, sendError: messageOf(err) }, () => scrollToFirstError(errors, FIELD_ORDER));
      }
    },
    onAnother() {
      this.setData({ done: null, category: '', content: '', count: 0, name: '', phone: '', consent: false, publishConsent: false, photos: [], errors: {}, sendError: '' });
    },
    onInbox() {
      wx.redirectTo({ url: '/staff/inbox/index' });
    },
  },
});
