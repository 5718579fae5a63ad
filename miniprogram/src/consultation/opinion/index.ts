// An opinion on a draft regulation: on one article (quoted at the top) or on the whole draft.
// The text within the limits /meta gives (as a message's), an optional name and phone, the
// privacy consent. Opinions are not published; the office reviews each one and tells the
// person its outcome — by WeChat when they accept the notice asked for in the same tap that
// sends the opinion, else by SMS when they left a phone — and 我的立法意见 shows it.
// A deputy's opinion is marked as a deputy's by the backend; the form tells them so.
// Each submission carries the form's Idempotency-Key, so a repeat after a lost answer stores
// the opinion once. After the consultation closed the backend answers 409
// `consultation_closed`: the form says so plainly.
import { Consultation, getConsultation, OpinionInput, OUTCOME_TEMPLATE, sendOpinion } from '../../api/consultations';
import { getMe } from '../../api/me';
import { getMeta } from '../../api/meta';
import { rules } from '../../api/rules';
import { elder } from '../../behaviors/elder';
import { ApiError, fieldErrorsOf, messageOf } from '../../services/errors';
import { storedSession } from '../../services/request';
import { entriesOf } from '../../services/roles';
import { askSubscribe, templateIds } from '../../services/subscribe';
import { articleWords, takesOpinions } from '../../utils/consultation';
import { charCount } from '../../utils/format';
import { newIdempotencyKey } from '../../utils/idempotency';
import { scrollToFirstError } from '../../utils/scroll';

type Errors = Partial<Record<'content' | 'name' | 'phone' | 'consent', string>>;

/** The fields from the top of the form down (their ids are field-<name>). */
const FIELD_ORDER = ['content', 'name', 'phone', 'consent'] as const;

const serverFields: Record<string, keyof Errors> = { content: 'content', name: 'name', phone: 'phone' };

/** What the form says when the consultation closed before the opinion arrived. */
export const CLOSED_WORDS = '征求意见已经结束，这条意见没有提交上去。感谢您的关心。';

function positive(v: string | undefined): number {
  return v && /^\d{1,12}$/.test(v) ? Number(v) : 0;
}

Component({
  behaviors: [elder],
  data: {
    id: 0,
    stationId: 0,
    /** The article commented on; 0: the whole draft. */
    articleId: 0,
    title: '',
    articleNumber: '',
    articleText: '',
    loading: false,
    loadError: '',
    ready: false,
    /** The consultation takes no more opinions: the words why. */
    closed: '',
    deputy: false,
    templateIds: [] as string[],
    content: '',
    count: 0,
    least: rules().text_limits.content_min,
    max: rules().text_limits.content_max,
    nameMax: rules().text_limits.name_max,
    name: '',
    phone: '',
    consent: false,
    errors: {} as Errors,
    submitting: false,
    confirming: false,
    submissionKey: '',
    submitError: '',
    done: false,
    /** The phone the opinion was sent with (the done screen says an SMS will come). */
    sentWithPhone: false,
    /** The backend marked the opinion as a deputy's. */
    asDeputy: false,
    subscribe: '' as '' | 'accepted' | 'declined',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ id: positive(options.id), articleId: positive(options.article_id), stationId: positive(options.station_id) });
      this.load();
    },

    async load() {
      if (!this.data.id) {
        this.setData({ loadError: '没有指明要提意见的法规草案。请返回后重新打开。' });
        return;
      }
      this.setData({ loading: true, loadError: '' });
      let c: Consultation;
      try {
        const [meta, draft] = await Promise.all([getMeta(), getConsultation(this.data.id)]);
        c = draft;
        const limits = rules().text_limits;
        this.setData({ templateIds: templateIds(meta, [OUTCOME_TEMPLATE]), least: limits.content_min, max: limits.content_max, nameMax: limits.name_max });
      } catch (err) {
        const gone = err instanceof ApiError && err.kind === 'not_found';
        this.setData({ loading: false, loadError: gone ? '没有找到这部法规草案，它可能已经撤回。请返回上一页。' : messageOf(err) });
        return;
      }
      let articleNumber = '';
      let articleText = '';
      if (this.data.articleId) {
        const a = (c.articles || []).find((x) => x.id === this.data.articleId);
        if (!a) {
          this.setData({ loading: false, loadError: '草案里没有找到这一条，可能已经修改。请返回草案重新选择。' });
          return;
        }
        articleNumber = articleWords(a.number);
        articleText = a.text;
      }
      this.setData({
        loading: false,
        ready: true,
        title: c.title,
        articleNumber,
        articleText,
        closed: takesOpinions(c.status) ? '' : '征求意见已经结束，不再收集意见。感谢您的关心。',
      });
      wx.setNavigationBarTitle({ title: articleNumber ? `对${articleNumber}提意见` : '对整部草案提意见' });
      this.checkDeputy();
    },

    /** A deputy's opinion is marked as a deputy's: say so to one who is signed in as a deputy. */
    async checkDeputy() {
      if (!storedSession()) return;
      try {
        this.setData({ deputy: entriesOf(await getMe()).deputy });
      } catch (e) {
        /* the mark is the backend's; only the note is missing */
      }
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
    onConsent() {
      this.setData({ consent: !this.data.consent, 'errors.consent': '' });
    },
    onPrivacy() {
      wx.navigateTo({ url: '/pages/privacy/index' });
    },

    validate(): Errors {
      const d = this.data;
      const errors: Errors = {};
      const { content_min: least, content_max: most, name_max: nameMax } = rules().text_limits;
      const n = charCount(d.content.trim());
      if (n < least) errors.content = `意见至少写 ${least} 个字，现在是 ${n} 个字。`;
      else if (n > most) errors.content = `意见最多 ${most} 字，请删减一些。`;
      if (charCount(d.name.trim()) > nameMax) errors.name = `姓名最多 ${nameMax} 个字。`;
      if (d.phone && !/^1[3-9]\d{9}$/.test(d.phone)) errors.phone = '手机号应为 11 位数字，以 1 开头。不想留电话可以不填。';
      if (!d.consent) errors.consent = '请先阅读并勾选同意《隐私保护指引》。';
      return errors;
    },

    /** The tap. Everything before the first await runs inside it, as WeChat requires. */
    onSubmit() {
      if (this.data.submitting || this.data.done || this.data.closed) return;
      const errors = this.validate();
      if (Object.keys(errors).length) {
        this.setData({ errors, submitError: '有几项需要修改，请看标红的提示。' }, () => scrollToFirstError(errors, FIELD_ORDER));
        return;
      }
      // the outcome notice, asked for in this tap; what is accepted is told to the backend
      const subscribed = askSubscribe(this.data.templateIds);
      this.submit(subscribed);
    },

    async submit(subscribed: Promise<string[]>) {
      const d = this.data;
      const key = d.submissionKey || newIdempotencyKey();
      this.setData({ submitting: true, confirming: false, submissionKey: key, submitError: '', errors: {} });
      const input: OpinionInput = {
        article_id: d.articleId || null,
        content: d.content.trim(),
        name: d.name.trim(),
        phone: d.phone,
        station_id: d.stationId || null,
      };
      try {
        const made = await sendOpinion(d.id, input, { key, onRepeat: () => this.setData({ confirming: true }) });
        const asDeputy = !!made && made.author_kind === 'deputy';
        this.setData({ submitting: false, confirming: false, submissionKey: '', done: true, sentWithPhone: !!input.phone, asDeputy });
      } catch (err) {
        this.failed(err);
      }
      const accepted = await subscribed;
      if (this.data.done) this.setData({ subscribe: accepted.length ? 'accepted' : 'declined' });
    },

    failed(err: unknown) {
      if (err instanceof ApiError && err.code === 'consultation_closed') {
        // nothing was stored
        this.setData({ submitting: false, confirming: false, submissionKey: '', closed: CLOSED_WORDS, submitError: '' });
        return;
      }
      const { errors, general: said } = fieldErrorsOf(err, serverFields);
      let general = said;
      if (err instanceof ApiError && err.kind === 'network') {
        general = '网络不通，还没能确认意见是否送达。您写的内容都还在，请检查网络后再点“提交意见”，不会重复提交。';
      }
      this.setData({ submitting: false, confirming: false, errors, submitError: general }, () => scrollToFirstError(errors, FIELD_ORDER));
    },

    onBack() {
      wx.navigateBack({ fail: () => wx.redirectTo({ url: `/consultation/read/index?id=${this.data.id}&station_id=${this.data.stationId}` }) });
    },

    onMine() {
      wx.redirectTo({ url: '/consultation/mine/index' });
    },
  },
});
