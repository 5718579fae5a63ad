// One of my messages: status in words, the timeline, the reply, my rating (three choices and
// a comment), the follow-up of a promise (done / not done), photos, consent to publish.
import { getMeta } from '../../api/meta';
import { rules } from '../../api/rules';
import { answerFollowup, getMessage, rateMessage, setPublish } from '../../api/messages';
import { CodeName, Message, RatingValue } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { messagePhotos } from '../../behaviors/message-photos';
import { ApiError, messageOf } from '../../services/errors';
import { actionWords, dateTimeWords, dateWords, eventNote, ratingChoices, ratingWords, statusTone, statusWords } from '../../utils/format';
import { scrollToFirstError } from '../../utils/scroll';

/** The rating form's fields from the top down (ids field-<name>). */
const RATE_FIELDS = ['rating', 'comment'];

interface View {
  id: number;
  code: string;
  station_name: string;
  /** the deputy it was written to (代表码); '' for a message to the station */
  addressee: string;
  status: string;
  statusText: string;
  tone: string;
  date: string;
  replyDue: string;
  categoryName: string;
  content: string;
  reject_reason: string;
  reply: string;
  repliedAt: string;
  promise: string;
  promiseDue: string;
  rating: string;
  ratingText: string;
  rating_comment: string;
  canRate: boolean;
  fulfilled: boolean | null;
  hasPublish: boolean;
  publish: boolean;
  timeline: { title: string; content: string }[];
}

function view(m: Message, categories: CodeName[]): View {
  const open = !['replied', 'promised', 'closed', 'rejected'].includes(m.status);
  const cat = categories.find((c) => c.code === m.category);
  return {
    id: m.id,
    code: m.code,
    station_name: m.station_name,
    addressee: m.addressee ? m.addressee.name : '',
    status: m.status,
    statusText: statusWords(m.status),
    tone: statusTone(m.status),
    date: dateWords(m.created_at),
    replyDue: open && m.reply_due ? dateWords(m.reply_due) : '',
    categoryName: cat ? cat.name : '',
    content: m.content,
    reject_reason: m.reject_reason || '',
    reply: m.reply || '',
    repliedAt: dateTimeWords(m.replied_at),
    promise: m.promise || '',
    promiseDue: dateWords(m.promise_due_at),
    rating: m.rating || '',
    ratingText: ratingWords(m.rating),
    rating_comment: m.rating_comment || '',
    canRate: (m.status === 'replied' || m.status === 'promised') && !m.rating,
    fulfilled: m.fulfilled === undefined ? null : m.fulfilled,
    hasPublish: typeof m.publish === 'boolean',
    publish: !!m.publish,
    timeline: (m.timeline || []).map((e) => {
      const note = e.action === 'reply' ? '' : eventNote(e.action, e.note);
      return { title: actionWords(e.action), content: dateTimeWords(e.at) + (note ? `\n${note}` : '') };
    }),
  };
}

Component({
  behaviors: [elder, messagePhotos],
  data: {
    id: 0,
    loading: false,
    error: '',
    m: null as View | null,
    categories: [] as CodeName[],
    choices: ratingChoices,
    rating: '' as RatingValue | '',
    comment: '',
    /** The longest rating or follow-up comment the backend takes (GET /meta). */
    commentMax: rules().text_limits.comment_max,
    rateErrors: {} as Record<string, string>,
    rateError: '',
    rateSending: false,
    fulfilled: '' as '' | 'yes' | 'no',
    followComment: '',
    followError: '',
    followSending: false,
    publishSending: false,
    publishError: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ id: Number(options.id) || 0 });
      this.load();
    },

    async load() {
      if (!this.data.id) {
        this.setData({ error: '没有指明要看哪条留言。请返回“我的留言”再选一条。' });
        return;
      }
      this.setData({ loading: true, error: '' });
      try {
        const [m, meta] = await Promise.all([getMessage(this.data.id), getMeta().catch(() => ({ categories: [] as CodeName[] }))]);
        this.setData({ categories: meta.categories || [], commentMax: rules().text_limits.comment_max });
        this.show(m);
        this.setData({ loading: false });
        this.loadPhotos(m);
      } catch (err) {
        const notFound = err instanceof ApiError && err.kind === 'not_found';
        this.setData({ loading: false, error: notFound ? '没有找到这条留言。它可能不是用这个微信提交的。请返回“我的留言”查看。' : messageOf(err) });
      }
    },

    show(m: Message) {
      this.setData({ m: view(m, this.data.categories) });
    },





    // ---- rating ----

    onChoose(e: WechatMiniprogram.TouchEvent) {
      this.setData({ rating: e.currentTarget.dataset.value as RatingValue, rateErrors: {}, rateError: '' });
    },
    onComment(e: WechatMiniprogram.Input) {
      this.setData({ comment: e.detail.value });
    },
    async onRate() {
      if (this.data.rateSending) return;
      if (!this.data.rating) {
        const rateErrors = { rating: '请先选择“满意”“基本满意”或“不满意”。' };
        this.setData({ rateErrors }, () => scrollToFirstError(rateErrors, RATE_FIELDS));
        return;
      }
      this.setData({ rateSending: true, rateError: '', rateErrors: {} });
      try {
        const m = await rateMessage(this.data.id, this.data.rating, this.data.comment.trim());
        this.show(m);
        this.setData({ rateSending: false });
      } catch (err) {
        const fields = err instanceof ApiError ? err.fields : {};
        this.setData({ rateSending: false, rateErrors: fields, rateError: messageOf(err) }, () => scrollToFirstError(fields, RATE_FIELDS));
      }
    },

    // ---- follow-up of a promise ----

    onFulfilled(e: WechatMiniprogram.TouchEvent) {
      this.setData({ fulfilled: e.currentTarget.dataset.value as 'yes' | 'no', followError: '' });
    },
    onFollowComment(e: WechatMiniprogram.Input) {
      this.setData({ followComment: e.detail.value });
    },
    async onFollowup() {
      if (this.data.followSending) return;
      if (!this.data.fulfilled) {
        this.setData({ followError: '请先选择“已经办好了”或“还没有办好”。' });
        return;
      }
      this.setData({ followSending: true, followError: '' });
      try {
        const m = await answerFollowup(this.data.id, this.data.fulfilled === 'yes', this.data.followComment.trim());
        this.show(m);
        this.setData({ followSending: false });
      } catch (err) {
        this.setData({ followSending: false, followError: messageOf(err) });
      }
    },

    // ---- consent to publish ----

    async onPublish(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const want = !!e.detail.value;
      this.setData({ publishSending: true, publishError: '' });
      try {
        const m = await setPublish(this.data.id, want);
        this.show(m);
        this.setData({ publishSending: false });
      } catch (err) {
        this.setData({ publishSending: false, publishError: messageOf(err) });
      }
    },

    onBackToList() {
      wx.navigateBack({ fail: () => wx.redirectTo({ url: '/pages/my-messages/index' }) });
    },
  },
});
