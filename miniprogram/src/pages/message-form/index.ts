// Leave a message at a station: category, text, up to 9 photos, optional name and phone,
// anonymous, consent to publish the answer (off by default), privacy consent.
// The submit tap also asks for WeChat notices (wx.requestSubscribeMessage must run inside
// the tap), and what was accepted is told to the backend.
// Each submission carries the form's Idempotency-Key: when the answer is lost (network down,
// a timeout) the same request is sent again with the same key, the form saying it is
// checking whether the message got through, and the backend answers with the first message
// instead of storing a second. The key is kept until a submission succeeds.
// Opened with `deputy_id` (from a deputy's page), the message is written to that deputy
// (POST /api/v1/deputies/{id}/messages): one of the deputy's stations registers it, the
// citizen choosing which when the deputy serves several. A deputy whose term ended does not
// take messages: the form says so and offers to write to the station instead, keeping the text.
import { getMeta } from '../../api/meta';
import { rules } from '../../api/rules';
import { createDeputyMessage, getDeputyCard } from '../../api/deputies';
import { DeputyMessageInput, IdName } from '../../api/deputy-card';
import { createMessage } from '../../api/messages';
import { getStation } from '../../api/stations';
import { recordSubscriptions } from '../../api/subscriptions';
import { CodeName, MessageInput } from '../../api/types';
import { uploadPhoto } from '../../api/uploads';
import { elder } from '../../behaviors/elder';
import { ApiError, fieldErrorsOf, messageOf } from '../../services/errors';
import { charCount } from '../../utils/format';
import { limiter } from '../../utils/limit';
import { newIdempotencyKey } from '../../utils/idempotency';
import { choosePhotos, maxPhotos, PhotoItem, tooLargeWords } from '../../utils/photos';
import { scrollToFirstError } from '../../utils/scroll';
import { deputyIdFrom, stationIdFrom } from '../../utils/scene';


type Errors = Partial<Record<'category' | 'content' | 'photos' | 'name' | 'phone' | 'consent', string>>;

/** Server field names → the form's fields. */
const serverFields: Record<string, keyof Errors> = {
  category: 'category',
  content: 'content',
  image_ids: 'photos',
  name: 'name',
  phone: 'phone',
};

/** The fields from the top of the form down (their ids are field-<name>). */
const FIELD_ORDER = ['category', 'content', 'photos', 'name', 'phone', 'consent'] as const;

const uploadSlot = limiter(3);

/** What the form says when the deputy no longer takes messages and the server gave no words. */
const DEPUTY_GONE = '这位代表已不再接收留言。';

/**
 * The server's refusal of a message to a deputy whose term ended (409 `deputy_inactive`), as
 * its plain words; '' for any other failure.
 */
function deputyRefusal(err: unknown): string {
  if (!(err instanceof ApiError) || err.code !== 'deputy_inactive') return '';
  // errors.ts adds what to do after a 403/404/409; here the form says it itself
  const said = err.message.replace(/(请刷新后再看。|如有疑问请联系联络站。|请返回上一页。)$/, '');
  const generic = ['当前状态不能进行这项操作。', '您没有权限进行这项操作。', '要找的内容不存在或已删除。', '出了点问题，请稍后点“重试”。', '填写的内容有误，请检查后再试。'];
  return !said || generic.includes(said) ? DEPUTY_GONE : said;
}

Component({
  behaviors: [elder],
  data: {
    stationId: 0,
    stationName: '',
    /** Written to this deputy (0: to the station). */
    deputyId: 0,
    deputyName: '',
    /** The deputy's stations; the citizen chooses among them when there are several. */
    stations: [] as IdName[],
    /** The deputy takes no messages (term ended): the refusal in words. */
    deputyGone: '',
    loading: false,
    loadError: '',
    ready: false,
    categories: [] as CodeName[],
    templateIds: [] as string[],
    category: '',
    content: '',
    count: 0,
    max: rules().text_limits.content_max,
    maxPhotos: maxPhotos(),
    photos: [] as PhotoItem[],
    name: '',
    phone: '',
    anonymous: false,
    publish: false,
    consent: false,
    errors: {} as Errors,
    submitting: false,
    /** A repeat is under way: the first attempt's answer was lost. */
    confirming: false,
    /** The Idempotency-Key of this form's submission, made at the first tap. */
    submissionKey: '',
    submitError: '',
    done: null as null | { id: number; code: string; addressee: string },
    subscribe: '' as '' | 'accepted' | 'declined',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ stationId: stationIdFrom(options), deputyId: deputyIdFrom({ deputy_id: options.deputy_id }) });
      this.load();
    },

    async load() {
      if (this.data.deputyId) {
        this.loadDeputy();
        return;
      }
      if (!this.data.stationId) {
        this.setData({ loadError: '没有指明要留言的联络站。请返回，先进入一个联络站再留言。' });
        return;
      }
      this.setData({ loading: true, loadError: '' });
      try {
        const [meta, station] = await Promise.all([getMeta(), getStation(this.data.stationId)]);
        this.setData({ ...this.fromMeta(meta), stationName: station.name });
      } catch (err) {
        this.setData({ loading: false, loadError: messageOf(err) });
      }
    },

    /** What the form takes from /meta: categories, notice templates, limits. */
    fromMeta(meta: { categories?: CodeName[]; subscribe_templates?: Record<string, string> }) {
      // the acceptance, the reply and the follow-up: three, WeChat's most for one
      // wx.requestSubscribeMessage
      const wanted = ['message_reply', 'message_followup', 'message_accepted'];
      const templateIds = wanted.map((k) => (meta.subscribe_templates || {})[k]).filter((id): id is string => !!id);
      return { loading: false, ready: true, categories: meta.categories || [], templateIds, max: rules().text_limits.content_max, maxPhotos: maxPhotos() };
    },

    /** The form addressed to a deputy: their card gives the name and the stations. */
    async loadDeputy() {
      this.setData({ loading: true, loadError: '' });
      try {
        const [meta, card] = await Promise.all([getMeta(), getDeputyCard(this.data.deputyId)]);
        const stations = (card.stations || []).map((s) => ({ id: s.id, name: s.name }));
        // a station the page was opened with, if it is one of theirs; else the first
        const chosen = stations.find((s) => s.id === this.data.stationId) || stations[0];
        this.setData({
          ...this.fromMeta(meta),
          deputyName: card.name,
          stations,
          stationId: chosen ? chosen.id : 0,
          stationName: chosen ? chosen.name : '',
          deputyGone: card.active === false ? DEPUTY_GONE : '',
        });
        wx.setNavigationBarTitle({ title: `给${card.name}代表留言` });
      } catch (err) {
        this.setData({ loading: false, loadError: messageOf(err) });
      }
    },

    // ---- fields ----

    onStationChoice(e: WechatMiniprogram.TouchEvent) {
      const s = this.data.stations.find((x) => x.id === Number(e.currentTarget.dataset.id));
      if (s) this.setData({ stationId: s.id, stationName: s.name });
    },

    /** The deputy takes no messages: the same text goes to the station instead, as a new submission. */
    onToStation() {
      if (!this.data.stationId) return;
      this.setData({ deputyId: 0, deputyName: '', stations: [], deputyGone: '', submitError: '', submissionKey: '' });
      wx.setNavigationBarTitle({ title: '我要留言' });
    },

    onCategory(e: WechatMiniprogram.TouchEvent) {
      this.setData({ category: String(e.currentTarget.dataset.code), 'errors.category': '' });
    },
    onContent(e: WechatMiniprogram.Input) {
      const content = e.detail.value;
      this.setData({ content, count: charCount(content), 'errors.content': '' });
    },
    onName(e: WechatMiniprogram.Input) {
      this.setData({ name: e.detail.value, 'errors.name': '' });
    },
    onPhone(e: WechatMiniprogram.Input) {
      this.setData({ phone: e.detail.value.replace(/\D/g, ''), 'errors.phone': '' });
    },
    onAnonymous(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ anonymous: !!e.detail.value });
    },
    onPublish(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ publish: !!e.detail.value });
    },
    onConsent() {
      this.setData({ consent: !this.data.consent, 'errors.consent': '' });
    },
    onPrivacy() {
      wx.navigateTo({ url: '/pages/privacy/index' });
    },

    // ---- photos ----

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

    indexOf(key: string): number {
      return this.data.photos.findIndex((p) => p.key === key);
    },

    async upload(key: string) {
      const at = this.indexOf(key);
      if (at < 0) return;
      const photo = this.data.photos[at];
      this.setData({ [`photos[${at}].status`]: 'uploading', [`photos[${at}].progress`]: 0, [`photos[${at}].error`]: '' });
      try {
        const stored = await uploadSlot(() =>
          this.indexOf(key) < 0
            ? Promise.reject(new Error('removed')) // taken out while waiting its turn
            : uploadPhoto(photo.path, (percent) => {
                const i = this.indexOf(key);
                if (i >= 0) this.setData({ [`photos[${i}].progress`]: percent });
              }),
        );
        const i = this.indexOf(key);
        if (i >= 0) this.setData({ [`photos[${i}].status`]: 'done', [`photos[${i}].progress`]: 100, [`photos[${i}].id`]: stored.id });
      } catch (err) {
        const i = this.indexOf(key);
        const why = err instanceof ApiError && err.kind === 'too_large' ? tooLargeWords() : err instanceof ApiError && err.kind === 'invalid' ? '不是可用的照片' : '上传没成功';
        if (i >= 0) this.setData({ [`photos[${i}].status`]: 'failed', [`photos[${i}].error`]: why });
      }
    },

    onRetryPhoto(e: WechatMiniprogram.TouchEvent) {
      const p = this.data.photos[Number(e.currentTarget.dataset.index)];
      if (p && p.error !== tooLargeWords()) this.upload(p.key);
    },

    onRemovePhoto(e: WechatMiniprogram.TouchEvent) {
      const photos = this.data.photos.slice();
      photos.splice(Number(e.currentTarget.dataset.index), 1);
      this.setData({ photos, 'errors.photos': '' });
    },

    onPreview(e: WechatMiniprogram.TouchEvent) {
      const urls = this.data.photos.map((p) => p.path);
      wx.previewImage({ urls, current: urls[Number(e.currentTarget.dataset.index)] });
    },

    // ---- submit ----

    validate(): Errors {
      const d = this.data;
      const errors: Errors = {};
      if (!d.category) errors.category = '请选择一个留言类别。';
      const n = charCount(d.content.trim());
      const { content_min: least, content_max: most, name_max: nameMax } = rules().text_limits;
      if (n < least) errors.content = `留言内容至少写 ${least} 个字，现在是 ${n} 个字。`;
      else if (n > most) errors.content = `留言内容最多 ${most} 字，请删减一些。`;
      if (d.phone && !/^1[3-9]\d{9}$/.test(d.phone)) errors.phone = '手机号应为 11 位数字，以 1 开头。不想留电话可以不填。';
      if (charCount(d.name) > nameMax) errors.name = `姓名最多 ${nameMax} 个字。`;
      if (d.photos.some((p) => p.status === 'uploading')) errors.photos = '照片还在上传，请等上传完再提交。';
      else if (d.photos.some((p) => p.status === 'failed')) errors.photos = '有照片没有传上去。请点照片上的“重试”，或点“删除”去掉它。';
      if (!d.consent) errors.consent = '请先阅读并勾选同意《隐私保护指引》。';
      return errors;
    },

    /** The tap. Everything before the first await runs inside it, as WeChat requires. */
    onSubmit() {
      if (this.data.submitting || this.data.done || this.data.deputyGone) return;
      const errors = this.validate();
      if (Object.keys(errors).length) {
        this.setData({ errors, submitError: '有几项需要修改，请看标红的提示。' }, () => scrollToFirstError(errors, FIELD_ORDER));
        return;
      }
      const subscribed = this.askForNotices();
      this.submit(subscribed);
    },

    askForNotices(): Promise<string[]> {
      const ids = this.data.templateIds;
      if (!ids.length) return Promise.resolve([]);
      return new Promise((resolve) => {
        wx.requestSubscribeMessage({
          tmplIds: ids,
          success: (res) => resolve(ids.filter((id) => (res as unknown as Record<string, string>)[id] === 'accept')),
          fail: () => resolve([]),
        });
      });
    },

    async submit(subscribed: Promise<string[]>) {
      const d = this.data;
      const key = d.submissionKey || newIdempotencyKey();
      this.setData({ submitting: true, confirming: false, submissionKey: key, submitError: '', errors: {} });
      const input: MessageInput = {
        category: d.category,
        content: d.content.trim(),
        image_ids: d.photos.filter((p) => p.status === 'done').map((p) => p.id),
        name: d.name.trim(),
        phone: d.phone,
        anonymous: d.anonymous,
        publish: d.publish,
      };
      const recorded = subscribed.then(async (accepted) => {
        if (!accepted.length) return 'declined' as const;
        try {
          await recordSubscriptions(accepted);
        } catch (e) {
          /* the message is in; a missed notice grant is not worth an alarm */
        }
        return 'accepted' as const;
      });
      const sub = { key, onRepeat: () => this.setData({ confirming: true }) };
      try {
        let addressee = '';
        let created: { id: number; code: string };
        if (d.deputyId) {
          // the station goes with it only when the citizen had a choice
          const toDeputy: DeputyMessageInput = d.stations.length > 1 ? { ...input, station_id: d.stationId } : input;
          const made = await createDeputyMessage(d.deputyId, toDeputy, sub);
          addressee = (made.addressee && made.addressee.name) || d.deputyName;
          created = made;
        } else {
          created = await createMessage(d.stationId, input, sub);
        }
        this.setData({ submitting: false, confirming: false, submissionKey: '', done: { id: created.id, code: created.code, addressee } });
      } catch (err) {
        const gone = d.deputyId ? deputyRefusal(err) : '';
        if (gone) {
          // nothing was stored: a message to the station later is a new submission
          this.setData({ submitting: false, confirming: false, submissionKey: '', deputyGone: gone, submitError: '' });
        } else {
          this.failed(err);
        }
      }
      const granted = await recorded;
      if (this.data.done) this.setData({ subscribe: granted });
    },

    /** A submission that failed: field errors beside their fields, the rest above the button. */
    failed(err: unknown) {
      const { errors, general: said } = fieldErrorsOf(err, serverFields);
      let general = said;
      if (err instanceof ApiError && err.kind === 'network') {
        general = '网络不通，还没能确认留言是否送达。您写的内容都还在，请检查网络后再点“提交留言”，不会重复提交。';
      }
      this.setData({ submitting: false, confirming: false, errors, submitError: general }, () => scrollToFirstError(errors, FIELD_ORDER));
    },

    onCopy() {
      if (this.data.done) wx.setClipboardData({ data: this.data.done.code });
    },

    onViewDone() {
      if (this.data.done) wx.redirectTo({ url: `/pages/message/index?id=${this.data.done.id}` });
    },

    onBack() {
      const home = this.data.deputyId ? `/pages/deputy/index?id=${this.data.deputyId}` : `/pages/station/index?id=${this.data.stationId}`;
      wx.navigateBack({ fail: () => wx.reLaunch({ url: home }) });
    },

    /** The deputy's station's page (a deputy who no longer takes messages). */
    onStationPage() {
      if (this.data.stationId) wx.navigateTo({ url: `/pages/station/index?id=${this.data.stationId}` });
    },
  },
});
