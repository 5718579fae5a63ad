// Leave a message at a station: category, text, up to 9 photos, optional name and phone,
// anonymous, consent to publish the answer (off by default), privacy consent.
// The submit tap also asks for WeChat notices (wx.requestSubscribeMessage must run inside
// the tap), and what was accepted is told to the backend.
// Each submission carries the form's Idempotency-Key: when the answer is lost (network down,
// a timeout) the same request is sent again with the same key, the form saying it is
// checking whether the message got through, and the backend answers with the first message
// instead of storing a second. The key is kept until a submission succeeds.
import { getMeta } from '../../api/meta';
import { rules } from '../../api/rules';
import { createMessage } from '../../api/messages';
import { getStation } from '../../api/stations';
import { recordSubscriptions } from '../../api/subscriptions';
import { CodeName, MessageInput } from '../../api/types';
import { uploadPhoto } from '../../api/uploads';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { charCount } from '../../utils/format';
import { limiter } from '../../utils/limit';
import { newIdempotencyKey } from '../../utils/idempotency';
import { choosePhotos, maxPhotos, PhotoItem, tooLargeWords } from '../../utils/photos';
import { scrollToFirstError } from '../../utils/scroll';
import { stationIdFrom } from '../../utils/scene';


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

Component({
  behaviors: [elder],
  data: {
    stationId: 0,
    stationName: '',
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
    done: null as null | { id: number; code: string },
    subscribe: '' as '' | 'accepted' | 'declined',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ stationId: stationIdFrom(options) });
      this.load();
    },

    async load() {
      if (!this.data.stationId) {
        this.setData({ loadError: '没有指明要留言的联络站。请返回，先进入一个联络站再留言。' });
        return;
      }
      this.setData({ loading: true, loadError: '' });
      try {
        const [meta, station] = await Promise.all([getMeta(), getStation(this.data.stationId)]);
        // the acceptance, the reply and the follow-up: three, WeChat's most for one
        // wx.requestSubscribeMessage
        const wanted = ['message_reply', 'message_followup', 'message_accepted'];
        const templateIds = wanted.map((k) => (meta.subscribe_templates || {})[k]).filter((id): id is string => !!id);
        this.setData({ loading: false, ready: true, categories: meta.categories || [], templateIds, stationName: station.name, max: rules().text_limits.content_max, maxPhotos: maxPhotos() });
      } catch (err) {
        this.setData({ loading: false, loadError: messageOf(err) });
      }
    },

    // ---- fields ----

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
      if (this.data.submitting || this.data.done) return;
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
      try {
        const created = await createMessage(d.stationId, input, {
          key,
          onRepeat: () => this.setData({ confirming: true }),
        });
        this.setData({ submitting: false, confirming: false, submissionKey: '', done: { id: created.id, code: created.code } });
      } catch (err) {
        const errors: Errors = {};
        let general = messageOf(err);
        if (err instanceof ApiError && err.kind === 'invalid') {
          const unknown: string[] = [];
          for (const [k, v] of Object.entries(err.fields)) {
            const f = serverFields[k];
            if (f) errors[f] = v;
            else unknown.push(v);
          }
          if (unknown.length) general = unknown.join('；');
        }
        if (err instanceof ApiError && err.kind === 'network') {
          general = '网络不通，还没能确认留言是否送达。您写的内容都还在，请检查网络后再点“提交留言”，不会重复提交。';
        }
        this.setData({ submitting: false, confirming: false, errors, submitError: general }, () => scrollToFirstError(errors, FIELD_ORDER));
      }
      const sub = await recorded;
      if (this.data.done) this.setData({ subscribe: sub });
    },

    onCopy() {
      if (this.data.done) wx.setClipboardData({ data: this.data.done.code });
    },

    onViewDone() {
      if (this.data.done) wx.redirectTo({ url: `/pages/message/index?id=${this.data.done.id}` });
    },

    onBack() {
      wx.navigateBack({ fail: () => wx.reLaunch({ url: `/pages/station/index?id=${this.data.stationId}` }) });
    },
  },
});
