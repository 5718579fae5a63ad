// Check in at the venue. Three ways in, one check-in:
// - WeChat's own 扫一扫 on the venue's QR opens this page with the QR's link in `q`
//   (扫普通链接二维码打开小程序, see utils/scene.ts): the page goes straight on to the position;
// - the page's own “扫码签到” button scans the QR;
// - the deputy types the six digits shown under the QR (a camera that cannot read the screen).
// Then the phone's position shows the backend that the deputy is there. Every refusal says
// why, with the numbers (how far, when it opens, that the code has turned). Checking in twice
// shows the first time.
//
// The location permission is explained before WeChat asks for it; refused, the page says that
// the staff at the venue can check the deputy in by hand, and how to turn it on (wx.openSetting).
import { checkIn, myActivities } from '../../api/deputy';
import { MyActivity } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError } from '../../services/errors';
import { checkinOpen, checkinOpensAt, checkinRefusal, clockWords, leadWords, shanghaiDate, spanWords } from '../../utils/duty';
import { dayWords } from '../../utils/format';
import { dateTimeWords } from '../../utils/format';
import { checkinFrom, parseCheckinText, typedCheckinCode } from '../../utils/scene';
import { ask } from '../../utils/ask';

/** Before the window opens or after the end: said before the deputy scans. */
function windowHint(a: MyActivity, now = Date.now()): string {
  if (a.status === 'cancelled') return '这次活动已取消，不用签到。';
  if (a.checked_in_at) return '';
  const opens = checkinOpensAt(a.start_at);
  if (now < opens) {
    const iso = new Date(opens + 8 * 3600000).toISOString().replace('Z', '+08:00');
    const when = shanghaiDate(now) === shanghaiDate(opens) ? '' : `${dayWords(iso)} `;
    return `签到将于 ${when}${clockWords(iso)} 开始（活动开始前 ${leadWords()}）。`;
  }
  if (now > Date.parse(a.end_at)) return '这次活动已经结束，不能再扫码签到。如果您参加了，请联系联络站工作人员补登。';
  return '';
}

type Step = 'idle' | 'scanning' | 'locating' | 'sending';
/** How the code came: scanned (the page's button or WeChat's 扫一扫) or typed. */
type Source = 'scan' | 'typed';

interface Result {
  ok: boolean;
  again: boolean;
  title: string;
  text: string;
}

interface Place {
  latitude: number;
  longitude: number;
}

interface Choice {
  id: number;
  title: string;
  when: string;
}

/** Said wherever the phone cannot give its position. */
const BY_HAND = '工作人员可以为您手工签到：请到会场的签到处找工作人员。';

function scan(): Promise<string | null> {
  return new Promise((resolve, reject) => {
    wx.scanCode({
      onlyFromCamera: true,
      scanType: ['qrCode'],
      success: (r) => resolve(r.result || ''),
      fail: (e) => (/cancel/.test(e.errMsg || '') ? resolve(null) : reject(e)),
    });
  });
}

/** 'granted', 'denied' (refused before) or 'unasked'. */
function locationPermission(): Promise<'granted' | 'denied' | 'unasked'> {
  return new Promise((resolve) => {
    wx.getSetting({
      success: (r) => {
        const v = (r.authSetting as Record<string, boolean | undefined>)['scope.userLocation'];
        resolve(v === true ? 'granted' : v === false ? 'denied' : 'unasked');
      },
      fail: () => resolve('unasked'),
    });
  });
}

function locate(): Promise<Place> {
  return new Promise((resolve, reject) => {
    wx.getLocation({
      type: 'gcj02',
      isHighAccuracy: true,
      highAccuracyExpireTime: 4000,
      success: (r) => resolve({ latitude: r.latitude, longitude: r.longitude }),
      fail: (e) => reject(e),
    });
  });
}

type Self = { raw?: MyActivity | null; mine?: MyActivity[] };

Component({
  behaviors: [elder],
  data: {
    activityId: 0,
    activity: null as null | { title: string; when: string; venue: string; kind: string },
    /** Activities open for check-in now, when the page was opened without one. */
    choices: [] as Choice[],
    checkedInBefore: '',
    hint: '',
    step: 'idle' as Step,
    result: null as Result | null,
    needSetting: false,
    typed: '',
    typedError: '',
    /** When check-in is open, in words: the backend's window (GET /meta). */
    windowWords: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const from = checkinFrom(options);
      this.setData({ activityId: from.activityId, windowWords: `签到时间：活动开始前 ${leadWords()}到活动结束。` });
      const loaded = this.loadActivity(from.activityId);
      if (from.activityId && from.code) {
        // opened by WeChat's 扫一扫 on the venue's QR: on to the position at once
        loaded.then((a) => this.checkInWith(from.activityId, from.code, 'scan', a));
      }
    },

    /** Loads the deputy's activities: the one of id, or (id 0) those open for check-in now. */
    async loadActivity(id: number): Promise<MyActivity | null> {
      try {
        const page = await myActivities();
        const items = page.items || [];
        (this as unknown as Self).mine = items;
        if (!id) {
          const open = items.filter((x) => checkinOpen(x));
          if (open.length === 1) return this.choose(open[0]);
          this.setData({ choices: open.map((x) => ({ id: x.id, title: x.title, when: spanWords(x.start_at, x.end_at) })) });
          return null;
        }
        const a = items.find((x) => x.id === id) || null;
        return a ? this.choose(a) : null;
      } catch (e) {
        return null; // the check-in itself still works; its refusals then lack the times
      }
    },

    choose(a: MyActivity): MyActivity {
      (this as unknown as Self).raw = a;
      this.setData({
        activityId: a.id,
        choices: [],
        activity: { title: a.title, when: spanWords(a.start_at, a.end_at), venue: a.venue, kind: a.kind_name },
        checkedInBefore: a.checked_in_at ? clockWords(a.checked_in_at) : '',
        hint: windowHint(a),
      });
      return a;
    },

    onChoose(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id);
      const a = ((this as unknown as Self).mine || []).find((x) => x.id === id);
      if (a) this.choose(a);
    },

    /** Asks for the position the way the page explains: false when it cannot be had. */
    async mayLocate(): Promise<boolean> {
      const perm = await locationPermission();
      if (perm === 'denied') {
        this.setData({ needSetting: true });
        return false;
      }
      if (perm === 'unasked') {
        return ask('签到需要您的位置', '签到时要确认您在会场附近（300 米左右）。位置只用来算距离，不会保存。接下来微信会询问，请选“允许”。', '知道了', '先不签');
      }
      return true;
    },

    async onScan() {
      if (this.data.step !== 'idle') return;
      this.setData({ result: null, needSetting: false, typedError: '' });

      // 1. explain why the position is needed, before WeChat asks for it
      if (!(await this.mayLocate())) return;

      // 2. the code on the venue's screen
      this.setData({ step: 'scanning' });
      let text: string | null;
      try {
        text = await scan();
      } catch (e) {
        this.fail('没有打开摄像头', '扫码没有成功。请检查是否允许微信使用摄像头，然后再试一次；也可以在下面输入屏幕上的 6 位签到码。');
        return;
      }
      if (text === null) {
        this.setData({ step: 'idle' });
        return;
      }
      const qr = parseCheckinText(text);
      if (!qr) {
        this.fail('这不是签到二维码', '请扫描会场屏幕上的“签到二维码”（不是联络站门口的二维码）。');
        return;
      }
      let activity = (this as unknown as Self).raw || null;
      if (qr.activityId !== this.data.activityId || !activity) {
        this.setData({ activityId: qr.activityId });
        activity = await this.loadActivity(qr.activityId);
      }
      await this.send(qr.activityId, qr.code, 'scan', activity);
    },

    onTyped(e: WechatMiniprogram.Input) {
      this.setData({ typed: String(e.detail.value || ''), typedError: '' });
    },

    async onTypedSend() {
      if (this.data.step !== 'idle') return;
      const code = typedCheckinCode(this.data.typed);
      if (!code) {
        this.setData({ typedError: '请输入会场屏幕上二维码下面的 6 位数字' });
        return;
      }
      if (!this.data.activityId) {
        this.setData({ typedError: this.data.choices.length ? '请先点选要签到的活动' : `现在没有可以签到的活动（签到时间：活动开始前 ${leadWords()}到活动结束）` });
        return;
      }
      this.setData({ result: null, needSetting: false, typedError: '' });
      await this.checkInWith(this.data.activityId, code, 'typed', (this as unknown as Self).raw || null);
    },

    /** A code already in hand (typed, or from WeChat's 扫一扫): the permission, then the check-in. */
    async checkInWith(activityId: number, code: string, source: Source, activity: MyActivity | null) {
      if (this.data.step !== 'idle') return;
      if (!(await this.mayLocate())) return;
      await this.send(activityId, code, source, activity);
    },

    /** Where the phone is, then the check-in. */
    async send(activityId: number, code: string, source: Source, activity: MyActivity | null) {
      this.setData({ step: 'locating' });
      let place: Place;
      try {
        place = await locate();
      } catch (e) {
        const msg = String((e as { errMsg?: string }).errMsg || '');
        if (/auth|deny|denied|permission/i.test(msg)) {
          this.setData({ step: 'idle', needSetting: true });
        } else {
          this.fail('没有取到您的位置', `请打开手机的“定位”（GPS），到开阔一点的地方，再签一次。还是不行的话，${BY_HAND}`);
        }
        return;
      }

      this.setData({ step: 'sending' });
      const sentAt = Date.now();
      try {
        const c = await checkIn(activityId, code, place.latitude, place.longitude);
        const at = Date.parse(c.checked_in_at);
        const again = !!this.data.checkedInBefore || (Number.isFinite(at) && at < sentAt - 2 * 60 * 1000);
        this.setData({
          step: 'idle',
          typed: '',
          checkedInBefore: clockWords(c.checked_in_at),
          result: {
            ok: true,
            again,
            title: again ? '您已经签过到了' : '签到成功',
            text: again ? `您在 ${dateTimeWords(c.checked_in_at)} 已经签到，不用再签。` : `签到时间：${dateTimeWords(c.checked_in_at)}`,
          },
        });
      } catch (err) {
        const code = err instanceof ApiError ? err.code : '';
        if (code === 'invalid_code' && source === 'typed') {
          this.fail('签到码不对', '签到码不对或已经换了。请看会场屏幕上二维码下面最新的 6 位数字，再输入一次。');
          return;
        }
        if (err instanceof ApiError && err.kind === 'too_many') {
          this.fail('试的次数太多了', `${err.message}${BY_HAND}`);
          return;
        }
        const title = code === 'outside_radius' ? '您不在会场范围内'
          : code === 'checkin_window_closed' ? '现在不能签到'
          : code === 'invalid_code' ? '签到码已过期' : '签到没有成功';
        this.fail(title, checkinRefusal(err, activity));
      }
    },

    fail(title: string, text: string) {
      this.setData({ step: 'idle', result: { ok: false, again: false, title, text } });
    },

    onOpenSetting() {
      wx.openSetting({
        success: (r) => {
          if ((r.authSetting as Record<string, boolean>)['scope.userLocation']) this.setData({ needSetting: false });
        },
      });
    },
    onActivities() {
      wx.redirectTo({ url: '/deputy/activities/index' });
    },
  },
});
