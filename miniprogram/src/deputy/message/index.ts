// A message as its deputy reads it: where it stands for them, written to them or given by the
// station, the content and photos, who wrote (and their phone, to call, as the server gives
// it), the reply, the handling steps; and only the steps the message's answer offers this
// deputy now (`actions`): 答复群众 — the citizen receives it as any reply — or 转交联络站办理
// with a note for the staff, who then handle it as any message. After either the page shows
// the result and the steps; a 409 (the station handled it meanwhile) is explained and the
// message shown afresh.
import { deputyStep, DeputyStep, InboxAction, InboxMessage } from '../../api/inbox';
import { getAdminMessage } from '../../api/admin';
import { getMe } from '../../api/me';
import { getMeta } from '../../api/meta';
import { rules } from '../../api/rules';
import { CodeName } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { messagePhotos } from '../../behaviors/message-photos';
import { ApiError, messageOf } from '../../services/errors';
import { dateTimeWords, eventNote, ratingWords } from '../../utils/format';
import { scrollToFirstError, scrollToSelector } from '../../utils/scroll';
import { deputyEventWords, deputyStatusWords, waitsForMe, writtenToMe } from '../words';
import { ask } from '../../utils/ask';

type StepName = 'reply' | 'hand_over';
const stepLabels: Record<StepName, string> = { reply: '答复群众', hand_over: '转交联络站办理' };

interface View {
  id: number;
  code: string;
  statusText: string;
  waiting: boolean;
  written: boolean;
  addressee: string;
  station: string;
  category: string;
  content: string;
  who: string;
  phone: string;
  phoneCallable: boolean;
  date: string;
  reply: string;
  promise: string;
  rating: string;
  ratingComment: string;
  handedOver: boolean;
  /** handed to the station by the deadline, not by the deputy */
  handedLate: boolean;
  closed: boolean;
  timeline: { title: string; at: string; note: string }[];
}

function view(m: InboxMessage, categories: CodeName[], myId: number): View {
  const cat = categories.find((c) => c.code === m.category);
  const timeline = m.timeline || [];
  return {
    id: m.id,
    code: m.code,
    statusText: deputyStatusWords(m),
    waiting: waitsForMe(m),
    written: writtenToMe(m, myId),
    addressee: m.addressee ? m.addressee.name : '',
    station: m.station_name,
    category: cat ? cat.name : '',
    content: m.content,
    who: m.anonymous ? '留言人要求匿名' : m.name || '未留姓名',
    phone: m.phone || '',
    phoneCallable: !!m.phone && !/\*/.test(m.phone),
    date: dateTimeWords(m.created_at),
    reply: m.reply || '',
    promise: m.promise || '',
    rating: ratingWords(m.rating),
    ratingComment: m.rating_comment || '',
    handedOver: timeline.some((e) => e.action === 'hand_over'),
    handedLate: !!m.handed_over_late,
    closed: m.status === 'closed' || m.status === 'rejected',
    timeline: timeline.map((e) => ({ title: deputyEventWords(e.action), at: dateTimeWords(e.at), note: eventNote(e.action, e.note) })),
  };
}

Component({
  behaviors: [elder, messagePhotos],
  data: {
    id: 0,
    loading: false,
    error: '',
    m: null as View | null,
    myId: 0,
    categories: [] as CodeName[],
    steps: [] as { name: StepName; label: string }[],
    limits: rules().text_limits,
    step: '' as StepName | '',
    text: '',
    errors: {} as Record<string, string>,
    sending: false,
    stepError: '',
    done: '',
    warnings: [] as string[],
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
        this.setData({ error: '没有指明要看哪封信。请返回群众来信再选一封。' });
        return;
      }
      this.setData({ loading: true, error: '' });
      try {
        const [m, meta, myId] = await Promise.all([
          getAdminMessage(this.data.id),
          getMeta().catch(() => ({ categories: [] as CodeName[] })),
          getMe().then((me) => (me.deputy ? me.deputy.id : 0), () => 0),
        ]);
        this.setData({ categories: meta.categories || [], limits: rules().text_limits, myId });
        this.show(m);
        this.setData({ loading: false });
        this.loadPhotos(m);
      } catch (err) {
        const notFound = err instanceof ApiError && (err.kind === 'not_found' || err.kind === 'forbidden');
        this.setData({ loading: false, error: notFound ? '没有找到这封信，或它不是写给您、也不是交给您办理的。' : messageOf(err) });
      }
    },
    show(m: InboxMessage) {
      const offered = (m.actions || []).filter((a: InboxAction): a is StepName => a === 'reply' || a === 'hand_over');
      this.setData({
        m: view(m, this.data.categories, this.data.myId),
        // only what the server offers this deputy now
        steps: offered.map((name) => ({ name, label: stepLabels[name] })),
      });
    },
    onCall() {
      const phone = this.data.m ? this.data.m.phone : '';
      if (phone && !/\*/.test(phone)) wx.makePhoneCall({ phoneNumber: phone });
    },

    // ---- reply, hand over ----

    onStep(e: WechatMiniprogram.TouchEvent) {
      this.setData({ step: e.currentTarget.dataset.name as StepName, text: '', errors: {}, stepError: '', done: '', warnings: [] });
    },
    onCancelStep() {
      this.setData({ step: '', errors: {}, stepError: '' });
    },
    onText(e: WechatMiniprogram.Input) {
      this.setData({ text: e.detail.value });
    },
    input(): { step?: DeputyStep; errors: Record<string, string> } {
      const text = this.data.text.trim();
      if (this.data.step === 'reply') {
        return text ? { step: { action: 'reply', reply: text }, errors: {} } : { errors: { reply: '请写下给群众的答复。' } };
      }
      return text ? { step: { action: 'hand_over', note: text }, errors: {} } : { errors: { note: '请写一句为什么转交、需要联络站做什么，联络站才好接着办。' } };
    },
    async onSubmitStep() {
      if (this.data.sending || !this.data.step) return;
      const { step, errors } = this.input();
      if (!step) {
        this.setData({ errors }, () => scrollToFirstError({ text: errors.reply || errors.note }, ['text']));
        return;
      }
      if (step.action === 'hand_over') {
        const ok = await ask('确定转交联络站办理吗？', '转交后由联络站的工作人员接着办理，您不用再答复。办理的经过和结果在这里都能看到。', '转交');
        if (!ok) return;
      }
      const label = stepLabels[step.action];
      this.setData({ sending: true, stepError: '', errors: {} });
      try {
        const m = await deputyStep(this.data.id, step);
        this.show(m);
        const warnings = m.warnings || [];
        const done = step.action === 'reply' ? '答复已发出，留言的群众会收到。' : '已转交联络站办理。';
        this.setData({ sending: false, step: '', text: '', done, warnings }, () => scrollToSelector('#dmsg-result'));
      } catch (err) {
        if (err instanceof ApiError && err.kind === 'conflict') {
          this.setData({ sending: false, step: '', stepError: `这封信刚刚有了新进展（可能联络站已经办理），现在不能再“${label}”。已为您刷新，请看最新情况。` });
          this.refreshAfterConflict();
          return;
        }
        const fields = err instanceof ApiError ? err.fields : {};
        this.setData({ sending: false, errors: fields, stepError: messageOf(err) }, () => scrollToFirstError({ text: fields.reply || fields.note }, ['text']));
      }
    },
    async refreshAfterConflict() {
      try {
        this.show(await getAdminMessage(this.data.id));
      } catch (e) {
        /* the explanation stays */
      }
    },
    onBack() {
      wx.navigateBack({ fail: () => wx.redirectTo({ url: '/deputy/inbox/index' }) });
    },
  },
});
