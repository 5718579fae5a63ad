// A message as staff handle it: who wrote, the content and photos, the timeline, the reply;
// and only the steps the message's answer says this person may take now (`actions`, from the
// server's lifecycle and their role: accept, assign a deputy, transfer to a unit, reply,
// promise with a due date, reject with a reason, close; an assigned deputy only replies).
// A 409 — someone else changed it meanwhile — is explained and the message shown afresh.
import { adminDeputies, adminUnits, all, getAdminMessage, transition } from '../../api/admin';
import { getMeta } from '../../api/meta';
import { rules } from '../../api/rules';
import { AdminMessage, CodeName, Deputy, TransitionInput, Unit } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { messagePhotos } from '../../behaviors/message-photos';
import { ApiError, messageOf } from '../../services/errors';
import { ActionName, actionLabels, isoAt, shanghaiDate, staffStatusWords } from '../../utils/duty';
import { actionWords, dateTimeWords, dateWords, eventNote, ratingWords } from '../../utils/format';
import { scrollToFirstError, scrollToSelector } from '../../utils/scroll';
import { ask } from '../../utils/ask';

/** Steps only the deputy a message was written to takes, on their own page (deputy/message). */
const DEPUTY_ONLY: ActionName[] = ['hand_over'];

/** The action form's fields from the top down (ids field-<name>); server and form names. */
const FIELD_ORDER = ['pick', 'text', 'promise', 'due_at'];
function fieldsOf(errors: Record<string, string>): Record<string, string> {
  return { pick: errors.deputy_id || errors.unit_id, text: errors.reply || errors.reason, promise: errors.promise, due_at: errors.due_at };
}

interface View {
  id: number;
  code: string;
  status: string;
  statusText: string;
  overdue: boolean;
  station: string;
  category: string;
  content: string;
  who: string;
  phone: string;
  walkIn: boolean;
  /** the deputy it was written to (代表码); '' for a message to the station */
  addressee: string;
  date: string;
  acceptDue: string;
  replyDue: string;
  reply: string;
  promise: string;
  promiseDue: string;
  rejectReason: string;
  rating: string;
  ratingComment: string;
  fulfilled: string;
  timeline: { title: string; at: string; note: string }[];
  review: string;
  publish: boolean;
}

function view(m: AdminMessage, categories: CodeName[]): View {
  const cat = categories.find((c) => c.code === m.category);
  const open = ['accepted', 'assigned', 'transferred', 'reopened'].includes(m.status);
  return {
    id: m.id,
    code: m.code,
    status: m.status,
    statusText: staffStatusWords(m.status),
    overdue: !!m.overdue,
    station: m.station_name,
    category: cat ? cat.name : '',
    content: m.content,
    who: m.anonymous ? `${m.name || '未留姓名'}（要求匿名，不向代表显示）` : m.name || '未留姓名',
    phone: m.phone || '',
    walkIn: !!m.walk_in,
    addressee: m.addressee ? m.addressee.name : '',
    date: dateTimeWords(m.created_at),
    acceptDue: m.status === 'submitted' && m.accept_due ? dateWords(m.accept_due) : '',
    replyDue: open && m.reply_due ? dateWords(m.reply_due) : '',
    reply: m.reply || '',
    promise: m.promise || '',
    promiseDue: dateWords(m.promise_due_at),
    rejectReason: m.reject_reason || '',
    rating: ratingWords(m.rating),
    ratingComment: m.rating_comment || '',
    fulfilled: m.fulfilled === true ? '群众确认承诺已落实' : m.fulfilled === false ? '群众反映承诺未落实' : '',
    timeline: (m.timeline || []).map((e) => ({ title: actionWords(e.action), at: dateTimeWords(e.at), note: eventNote(e.action, e.note) })),
    review: m.review === 'review' ? '微信内容安全检查提示这条留言可能有不当内容，请先人工查看，再办理或公开。'
      : m.review === 'unchecked' ? '这条留言没有经过微信内容安全检查（检查服务当时不可用），公开前请人工查看。' : '',
    publish: !!m.publish,
  };
}

Component({
  behaviors: [elder, messagePhotos],
  data: {
    id: 0,
    loading: false,
    error: '',
    m: null as View | null,
    stationId: 0,
    categories: [] as CodeName[],
    actions: [] as { name: ActionName; label: string }[],
    /** The lengths the server takes (GET /meta). */
    limits: rules().text_limits,
    action: '' as ActionName | '',
    deputies: [] as { id: number; name: string }[],
    deputyIndex: -1,
    units: [] as { id: number; name: string }[],
    unitIndex: -1,
    pickLoading: false,
    pickError: '',
    text: '',
    promiseText: '',
    dueDate: '',
    today: shanghaiDate(),
    note: '',
    errors: {} as Record<string, string>,
    sending: false,
    actionError: '',
    done: '',
    /** What the backend remarks on the step just taken (a reply naming someone or with a number). */
    warnings: [] as string[],
    deputyName: '',
    unitName: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ id: Number(options.id) || 0 });
      this.load();
    },
    onRetry() {
      this.load();
    },
    async load() {
      if (!this.data.id) {
        this.setData({ error: '没有指明要看哪条留言。请返回留言列表再选一条。' });
        return;
      }
      this.setData({ loading: true, error: '' });
      try {
        const [m, meta] = await Promise.all([getAdminMessage(this.data.id), getMeta().catch(() => ({ categories: [] as CodeName[] }))]);
        this.setData({ categories: meta.categories || [], limits: rules().text_limits });
        this.show(m);
        this.setData({ loading: false });
        this.loadPhotos(m);
        this.loadHandlers(m);
      } catch (err) {
        const notFound = err instanceof ApiError && err.kind === 'not_found';
        this.setData({ loading: false, error: notFound ? '没有找到这条留言，或它不属于您负责的联络站。' : messageOf(err) });
      }
    },
    show(m: AdminMessage) {
      const v = view(m, this.data.categories);
      this.setData({
        m: v,
        stationId: m.station_id,
        // only what the server offers; an older answer without them offers nothing
        actions: (m.actions || []).filter((name) => name in actionLabels && !DEPUTY_ONLY.includes(name)).map((name) => ({ name, label: actionLabels[name] })),
      });
    },
    /** Who handles it: the assigned deputy's and the unit's names. */
    async loadHandlers(m: AdminMessage) {
      if (m.deputy_id && !this.data.deputies.length) await this.loadPick('deputies');
      if (m.unit_id && !this.data.units.length) await this.loadPick('units');
      this.handlers(m);
    },
    handlers(m: AdminMessage) {
      const d = this.data.deputies.find((x) => x.id === m.deputy_id);
      const u = this.data.units.find((x) => x.id === m.unit_id);
      this.setData({ deputyName: d ? d.name : '', unitName: u ? u.name : '' });
    },
    onCall() {
      if (this.data.m && this.data.m.phone && !/\*/.test(this.data.m.phone)) wx.makePhoneCall({ phoneNumber: this.data.m.phone });
    },

    // ---- actions ----

    async onAction(e: WechatMiniprogram.TouchEvent) {
      const name = e.currentTarget.dataset.name as ActionName;
      this.setData({ action: name, errors: {}, actionError: '', done: '', warnings: [], text: '', promiseText: '', dueDate: '', note: '', deputyIndex: -1, unitIndex: -1, pickError: '' });
      if (name === 'assign' && !this.data.deputies.length) await this.loadPick('deputies');
      if (name === 'transfer' && !this.data.units.length) await this.loadPick('units');
    },
    async loadPick(what: 'deputies' | 'units') {
      this.setData({ pickLoading: true, pickError: '' });
      try {
        if (what === 'deputies') {
          const list: Deputy[] = await all((c) => adminDeputies(this.data.stationId, c));
          this.setData({ deputies: list.filter((d) => d.active !== false).map((d) => ({ id: d.id, name: d.name })) });
        } else {
          const list: Unit[] = await all((c) => adminUnits(c));
          this.setData({ units: list.map((u) => ({ id: u.id, name: u.name })) });
        }
        this.setData({ pickLoading: false });
      } catch (err) {
        this.setData({ pickLoading: false, pickError: messageOf(err) });
      }
    },
    onRetryPick() {
      this.loadPick(this.data.action === 'assign' ? 'deputies' : 'units');
    },
    onCancelAction() {
      this.setData({ action: '', errors: {}, actionError: '' });
    },
    onDeputy(e: WechatMiniprogram.PickerChange) {
      this.setData({ deputyIndex: Number(e.detail.value), errors: {} });
    },
    onUnit(e: WechatMiniprogram.PickerChange) {
      this.setData({ unitIndex: Number(e.detail.value), errors: {} });
    },
    onText(e: WechatMiniprogram.Input) {
      this.setData({ text: e.detail.value });
    },
    onPromiseText(e: WechatMiniprogram.Input) {
      this.setData({ promiseText: e.detail.value });
    },
    onDueDate(e: WechatMiniprogram.PickerChange) {
      this.setData({ dueDate: String(e.detail.value), errors: {} });
    },
    onNote(e: WechatMiniprogram.Input) {
      this.setData({ note: e.detail.value });
    },

    /** The input of the chosen action, or field errors. */
    input(): { input?: TransitionInput; errors: Record<string, string> } {
      const d = this.data;
      const action = d.action as ActionName;
      const note = d.note.trim();
      const base: TransitionInput = note ? { action, note } : { action };
      const errors: Record<string, string> = {};
      switch (action) {
        case 'assign':
          if (d.deputyIndex < 0) errors.deputy_id = '请选择交给哪位代表办理。';
          else base.deputy_id = d.deputies[d.deputyIndex].id;
          break;
        case 'transfer':
          if (d.unitIndex < 0) errors.unit_id = '请选择承办单位。';
          else base.unit_id = d.units[d.unitIndex].id;
          break;
        case 'reply':
          if (!d.text.trim()) errors.reply = '请填写给群众的答复。';
          else base.reply = d.text.trim();
          break;
        case 'reject':
          if (!d.text.trim()) errors.reason = '请填写不予受理的理由，群众会看到。';
          else base.reason = d.text.trim();
          break;
        case 'promise':
          if (!d.promiseText.trim()) errors.promise = '请写明承诺办理的事项。';
          if (!d.dueDate) errors.due_at = '请选择承诺办结的日期。';
          else if (d.dueDate <= d.today) errors.due_at = '办结日期要在今天以后。';
          if (!errors.promise && !errors.due_at) {
            base.promise = d.promiseText.trim();
            base.due_at = isoAt(d.dueDate, '09:00');
          }
          break;
        default:
      }
      return Object.keys(errors).length ? { errors } : { input: base, errors };
    },

    async onSubmitAction() {
      if (this.data.sending || !this.data.action) return;
      const { input, errors } = this.input();
      if (!input) {
        this.setData({ errors }, () => scrollToFirstError(fieldsOf(errors), FIELD_ORDER));
        return;
      }
      const label = actionLabels[input.action];
      if (input.action === 'accept' || input.action === 'close') {
        const ok = await ask(`确定${label}吗？`, input.action === 'accept' ? '受理后，留言时同意了微信通知的群众会收到通知。请在 15 个工作日内答复。' : '办结后这条留言不能再办理。', label, '取消');
        if (!ok) return;
      }
      this.setData({ sending: true, actionError: '', errors: {} });
      try {
        const m = await transition(this.data.id, input);
        this.show(m);
        this.handlers(m);
        const warnings = m.warnings || [];
        this.setData({ sending: false, action: '', done: `已${label}。`, warnings }, () => {
          if (warnings.length) scrollToSelector('#smsg-result');
        });
      } catch (err) {
        if (err instanceof ApiError && err.kind === 'conflict') {
          this.setData({ sending: false, action: '', actionError: `这条留言的状态刚刚变了（可能别的工作人员已经处理过），现在不能再“${label}”。已为您刷新，请看最新状态。` });
          this.refreshAfterConflict();
          return;
        }
        const fields = err instanceof ApiError ? err.fields : {};
        this.setData({ sending: false, errors: fields, actionError: messageOf(err) }, () => scrollToFirstError(fieldsOf(fields), FIELD_ORDER));
      }
    },
    async refreshAfterConflict() {
      try {
        this.show(await getAdminMessage(this.data.id));
      } catch (e) {
        /* the explanation stays; 重试 is the list */
      }
    },
    onBack() {
      wx.navigateBack({ fail: () => wx.redirectTo({ url: '/staff/inbox/index' }) });
    },
  },
});
