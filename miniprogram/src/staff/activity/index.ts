// Staff: one activity. Publish, change or cancel it (each confirmed with how many deputies and
// employers will be told); open the venue's check-in code; and per invitee: RSVP, check-in,
// the notice to them, the notice to their employer (delivered, acknowledged). Attendance can
// be recorded by hand with a note. Employers that no notice reached (the detail's `to_phone`: a
// landline, a failed or skipped SMS) are listed with the detail's own name, contact and number,
// to phone them — the detail carries them for every invitee, of this station or not.
import { audience, cancelActivity, getActivity, markAttendance, publishActivity, resendNotice } from '../../api/activities';
import { ActivityDetail, ActivityNotice, InviteeStatus } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { activityStatusWords, clockWords, noticeStatusWords, rsvpWords, spanWords } from '../../utils/duty';
import { ask } from '../../utils/ask';

interface Row {
  id: number;
  name: string;
  rsvp: string;
  rsvpTone: string;
  checkedIn: string;
  notice: string;
  noticeBad: boolean;
  employer: string;
  employerTone: string;
  /** A failed or unknown notice that may be sent again: the deputy's, else the employer's. */
  resendId: number;
}

interface Unreached {
  deputyId: number;
  deputy: string;
  employer: string;
  contact: string;
  phone: string;
  /** 座机 or 手机, when the number is known. */
  phoneKind: string;
  reason: string;
}

const bad = (n: ActivityNotice) => n.status === 'failed' || n.status === 'skipped';
const resendable = (n: ActivityNotice | null) => !!n && (n.status === 'failed' || n.status === 'unknown');

function latest(notices: ActivityNotice[] | undefined): ActivityNotice | null {
  const list = notices || [];
  return list.length ? list[list.length - 1] : null;
}

function row(i: InviteeStatus): Row {
  const n = latest(i.notices);
  let employer = '无工作单位记录';
  let employerTone = 'done';
  if (i.employer) {
    const en = latest(i.employer.notices);
    if (i.employer.acknowledged_at) [employer, employerTone] = ['单位已确认', 'answered'];
    else if (i.employer.opened_at) [employer, employerTone] = ['单位已查看，未确认', 'working'];
    else if (i.employer.delivered) [employer, employerTone] = ['单位通知已送达', 'working'];
    else if (en && (bad(en) || i.employer.to_phone)) [employer, employerTone] = [`单位通知${noticeStatusWords(en.status)}，需电话通知`, 'refused'];
    else if (i.employer.to_phone) [employer, employerTone] = ['单位没有收到通知，需电话通知', 'refused'];
    else if (en) [employer, employerTone] = [`单位通知${noticeStatusWords(en.status)}`, 'waiting'];
    else [employer, employerTone] = ['还没有通知单位', 'waiting'];
  }
  let checkedIn = '';
  if (i.checked_in_at) {
    checkedIn = `${clockWords(i.checked_in_at)} ${i.checkin_method === 'manual' ? '工作人员补登' : '扫码签到'}`;
    if (i.checkin_method === 'manual' && i.checkin_note) checkedIn += `（${i.checkin_note}）`;
    if (i.checkin_method !== 'manual' && typeof i.distance_m === 'number') checkedIn += `，距会场 ${i.distance_m} 米`;
  }
  const en = i.employer ? latest(i.employer.notices) : null;
  return {
    resendId: resendable(n) ? n!.id : resendable(en) && !(i.employer && i.employer.acknowledged_at) ? en!.id : 0,
    id: i.deputy_id,
    name: i.name,
    rsvp: rsvpWords(i.rsvp, i.rsvp_reason),
    rsvpTone: i.rsvp === 'attend' ? 'answered' : i.rsvp === 'leave' ? 'waiting' : 'refused',
    checkedIn,
    notice: n ? `代表通知：${noticeStatusWords(n.status)}` : '代表通知：未发送',
    noticeBad: !!n && bad(n),
    employer,
    employerTone,
  };
}

/** Employers no notice reached (`to_phone`: a landline cannot take an SMS, or the SMS failed or was skipped). */
function unreached(list: InviteeStatus[]): Unreached[] {
  const out: Unreached[] = [];
  for (const i of list) {
    const e = i.employer;
    if (!e || !e.to_phone || e.acknowledged_at) continue;
    const en = latest(e.notices);
    const landline = e.contact_phone_kind === 'landline';
    out.push({
      deputyId: i.deputy_id,
      deputy: i.name,
      employer: e.name || '（工作单位名称未登记）',
      contact: e.contact_name || '',
      phone: e.contact_phone || '',
      phoneKind: !e.contact_phone ? '' : landline ? '座机' : e.contact_phone_kind === 'mobile' ? '手机' : '',
      reason: en ? en.last_error || noticeStatusWords(en.status) : landline ? '座机无法接收短信，请电话通知' : '单位没有收到通知',
    });
  }
  return out;
}

Component({
  behaviors: [elder],
  data: {
    id: 0,
    loading: false,
    error: '',
    a: null as null | { title: string; kind: string; status: string; statusText: string; when: string; venue: string; radius: number; station: string; cancelReason: string; ended: boolean; located: boolean },
    counts: null as ActivityDetail['counts'] | null,
    rows: [] as Row[],
    unreached: [] as Unreached[],
    busy: false,
    actionError: '',
    done: '',
    cancelling: false,
    cancelReason: '',
    cancelError: '',
    manualFor: 0,
    manualNote: '',
    manualError: '',
  },
  pageLifetimes: {
    show() {
      // back from editing or from the venue (the first show is the opening)
      const self = this as unknown as { shows?: number; load: (quiet: boolean) => void };
      self.shows = (self.shows || 0) + 1;
      if (self.shows > 1) self.load(true);
    },
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ id: Number(options.id) || 0 });
      this.load(false);
    },
    onRetry() {
      this.load(false);
    },
    async load(quiet: boolean) {
      if (!this.data.id) {
        this.setData({ error: '没有指明是哪个活动。请返回活动列表再选。' });
        return;
      }
      if (!quiet) this.setData({ loading: true, error: '' });
      try {
        const a = await getActivity(this.data.id);
        this.show(a);
        this.setData({ loading: false });
      } catch (err) {
        if (quiet) return;
        const notFound = err instanceof ApiError && err.kind === 'not_found';
        this.setData({ loading: false, error: notFound ? '没有找到这个活动，或它不属于您负责的联络站。' : messageOf(err) });
      }
    },
    show(a: ActivityDetail) {
      (this as unknown as { raw: ActivityDetail }).raw = a;
      const invitees = a.invitee_status || [];
      this.setData({
        a: {
          title: a.title,
          kind: a.kind_name,
          status: a.status,
          statusText: activityStatusWords(a.status),
          when: spanWords(a.start_at, a.end_at),
          venue: a.venue,
          radius: a.checkin_radius_m,
          station: a.station_name,
          cancelReason: a.cancel_reason || '',
          ended: Date.parse(a.end_at) < Date.now(),
          located: typeof a.latitude === 'number' && typeof a.longitude === 'number',
        },
        counts: a.counts || null,
        rows: invitees.map(row),
        unreached: unreached(invitees),
      });
    },

    // ---- publish / change / cancel ----
    async tell(what: string, confirmText: string): Promise<boolean> {
      const who = await audience(this.data.id);
      return ask(what, `将通知 ${who.deputies} 位代表和 ${who.employers} 家代表工作单位。确定${confirmText}吗？`, confirmText);
    },
    async onPublish() {
      if (this.data.busy) return;
      this.setData({ busy: true, actionError: '', done: '' });
      try {
        if (!(await this.tell('发布活动', '发布'))) {
          this.setData({ busy: false });
          return;
        }
        await publishActivity(this.data.id);
        this.setData({ busy: false, done: '已发布，通知正在发送。' });
        this.load(true);
      } catch (err) {
        this.setData({ busy: false, actionError: this.conflictWords(err, '发布') });
      }
    },
    onEdit() {
      wx.navigateTo({ url: `/staff/activity-edit/index?id=${this.data.id}` });
    },
    onVenue() {
      wx.navigateTo({ url: `/staff/venue/index?id=${this.data.id}` });
    },
    onCancelStart() {
      this.setData({ cancelling: true, cancelReason: '', cancelError: '', actionError: '' });
    },
    onCancelBack() {
      this.setData({ cancelling: false });
    },
    onCancelReason(e: WechatMiniprogram.Input) {
      this.setData({ cancelReason: e.detail.value, cancelError: '' });
    },
    async onCancelConfirm() {
      if (this.data.busy) return;
      const reason = this.data.cancelReason.trim();
      if (!reason) {
        this.setData({ cancelError: '请填写取消的原因，代表会在通知里看到。' });
        return;
      }
      this.setData({ busy: true, actionError: '' });
      try {
        const draft = this.data.a && this.data.a.status === 'draft';
        const ok = draft ? await ask('取消活动', '草稿还没有通知任何人，取消后不会发送通知。确定取消吗？', '确定取消') : await this.tell('取消活动', '取消');
        if (!ok) {
          this.setData({ busy: false });
          return;
        }
        await cancelActivity(this.data.id, reason);
        this.setData({ busy: false, cancelling: false, done: draft ? '已取消。' : '已取消，取消通知正在发送。' });
        this.load(true);
      } catch (err) {
        const f = err instanceof ApiError ? err.fields : {};
        if (f.reason) this.setData({ busy: false, cancelError: f.reason });
        else this.setData({ busy: false, actionError: this.conflictWords(err, '取消') });
      }
    },
    conflictWords(err: unknown, what: string): string {
      if (err instanceof ApiError && err.kind === 'conflict') {
        return `活动的状态刚刚变了（可能已发布、已取消或已结束），现在不能${what}。已为您刷新。`;
      }
      if (err instanceof ApiError && err.kind === 'invalid' && Object.keys(err.fields).length) {
        return `活动信息还不完整：${Object.values(err.fields).join('；')}。请先点“编辑”补全。`;
      }
      return messageOf(err);
    },

    // ---- attendance by hand ----
    onManual(e: WechatMiniprogram.TouchEvent) {
      this.setData({ manualFor: Number(e.currentTarget.dataset.id), manualNote: '', manualError: '' });
    },
    onManualNote(e: WechatMiniprogram.Input) {
      this.setData({ manualNote: e.detail.value, manualError: '' });
    },
    onManualBack() {
      this.setData({ manualFor: 0 });
    },
    async onManualSave() {
      if (this.data.busy) return;
      const note = this.data.manualNote.trim();
      if (!note) {
        this.setData({ manualError: '请写明补登的原因，例如“手机没电，现场核实”。' });
        return;
      }
      this.setData({ busy: true, manualError: '' });
      try {
        await markAttendance(this.data.id, this.data.manualFor, note);
        this.setData({ busy: false, manualFor: 0, done: '已补登签到。' });
        this.load(true);
      } catch (err) {
        this.setData({ busy: false, manualError: err instanceof ApiError && err.kind === 'conflict' ? '现在不能补登（活动可能还没发布或已取消）。' : messageOf(err) });
      }
    },
    async onResend(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      this.setData({ busy: true, actionError: '', done: '' });
      try {
        await resendNotice(Number(e.currentTarget.dataset.id));
        this.setData({ busy: false, done: '已重新发送通知。' });
        this.load(true);
      } catch (err) {
        const msg = err instanceof ApiError && err.kind === 'conflict' ? '这条通知现在不能重发（可能已经发出）。已为您刷新。' : messageOf(err);
        this.setData({ busy: false, actionError: msg });
        this.load(true);
      }
    },
    onMap() {
      const a = (this as unknown as { raw?: ActivityDetail }).raw;
      if (a && typeof a.latitude === 'number' && typeof a.longitude === 'number') {
        wx.openLocation({ latitude: a.latitude, longitude: a.longitude, name: a.title, address: a.venue, scale: 17 });
      }
    },
    onCall(e: WechatMiniprogram.TouchEvent) {
      const phone = String(e.currentTarget.dataset.phone || '');
      if (phone && !/\*/.test(phone)) wx.makePhoneCall({ phoneNumber: phone });
    },
  },
});
