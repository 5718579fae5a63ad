// Check in at the venue: scan the rotating code on the venue's screen, then the phone's
// position shows the backend that the deputy is there. Every refusal says why, with the
// numbers (how far, when it opens, that the code has rotated). Checking in twice shows the
// first time.
//
// The location permission is explained before WeChat asks for it; refused, the page says how
// to turn it on (wx.openSetting).
import { checkIn, myActivities } from '../../api/deputy';
import { MyActivity } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError } from '../../services/errors';
import { checkinOpensAt, checkinRefusal, clockWords, parseCheckinQr, shanghaiDate, spanWords } from '../../utils/duty';
import { dayWords } from '../../utils/format';
import { dateTimeWords } from '../../utils/format';

/** Before the window opens or after the end: said before the deputy scans. */
function windowHint(a: MyActivity, now = Date.now()): string {
  if (a.status === 'cancelled') return '这次活动已取消，不用签到。';
  if (a.checked_in_at) return '';
  const opens = checkinOpensAt(a.start_at);
  if (now < opens) {
    const iso = new Date(opens + 8 * 3600000).toISOString().replace('Z', '+08:00');
    const when = shanghaiDate(now) === shanghaiDate(opens) ? '' : `${dayWords(iso)} `;
    return `签到将于 ${when}${clockWords(iso)} 开始（活动开始前 1 小时）。`;
  }
  if (now > Date.parse(a.end_at)) return '这次活动已经结束，不能再扫码签到。如果您参加了，请联系联络站工作人员补登。';
  return '';
}

type Step = 'idle' | 'scanning' | 'locating' | 'sending';

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

function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, cancelText: '先不签', success: (r) => resolve(!!r.confirm), fail: () => resolve(false) });
  });
}

Component({
  behaviors: [elder],
  data: {
    activityId: 0,
    activity: null as null | { title: string; when: string; venue: string; kind: string },
    checkedInBefore: '',
    hint: '',
    step: 'idle' as Step,
    result: null as Result | null,
    needSetting: false,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const id = Number(options.id) || 0;
      this.setData({ activityId: id });
      if (id) this.loadActivity(id);
    },

    async loadActivity(id: number): Promise<MyActivity | null> {
      try {
        const page = await myActivities();
        const a = (page.items || []).find((x) => x.id === id) || null;
        (this as unknown as { raw: MyActivity | null }).raw = a;
        if (a) {
          this.setData({
            activity: { title: a.title, when: spanWords(a.start_at, a.end_at), venue: a.venue, kind: a.kind_name },
            checkedInBefore: a.checked_in_at ? clockWords(a.checked_in_at) : '',
            hint: windowHint(a),
          });
        }
        return a;
      } catch (e) {
        return null; // the check-in itself still works; its refusals then lack the times
      }
    },

    async onScan() {
      if (this.data.step !== 'idle') return;
      this.setData({ result: null, needSetting: false });

      // 1. explain why the position is needed, before WeChat asks for it
      const perm = await locationPermission();
      if (perm === 'denied') {
        this.setData({ needSetting: true });
        return;
      }
      if (perm === 'unasked') {
        const ok = await confirm('签到需要您的位置', '签到时要确认您在会场附近（300 米左右）。位置只用来算距离，不会保存。接下来微信会询问，请选“允许”。', '知道了');
        if (!ok) return;
      }

      // 2. the code on the venue's screen
      this.setData({ step: 'scanning' });
      let text: string | null;
      try {
        text = await scan();
      } catch (e) {
        this.fail('没有打开摄像头', '扫码没有成功。请检查是否允许微信使用摄像头，然后再试一次。');
        return;
      }
      if (text === null) {
        this.setData({ step: 'idle' });
        return;
      }
      const qr = parseCheckinQr(text);
      if (!qr) {
        this.fail('这不是签到二维码', '请扫描会场屏幕上的“签到二维码”（不是联络站门口的二维码）。');
        return;
      }
      let activity = (this as unknown as { raw?: MyActivity | null }).raw || null;
      if (qr.activityId !== this.data.activityId || !activity) {
        this.setData({ activityId: qr.activityId });
        activity = await this.loadActivity(qr.activityId);
      }

      // 3. where the phone is
      this.setData({ step: 'locating' });
      let place: Place;
      try {
        place = await locate();
      } catch (e) {
        const msg = String((e as { errMsg?: string }).errMsg || '');
        if (/auth|deny|denied|permission/i.test(msg)) {
          this.setData({ step: 'idle', needSetting: true });
        } else {
          this.fail('没有取到您的位置', '请打开手机的“定位”（GPS），到开阔一点的地方，再扫一次会场屏幕上的二维码。');
        }
        return;
      }

      // 4. the check-in
      this.setData({ step: 'sending' });
      const sentAt = Date.now();
      try {
        const c = await checkIn(qr.activityId, qr.code, place.latitude, place.longitude);
        const at = Date.parse(c.checked_in_at);
        const again = !!this.data.checkedInBefore || (Number.isFinite(at) && at < sentAt - 2 * 60 * 1000);
        this.setData({
          step: 'idle',
          checkedInBefore: clockWords(c.checked_in_at),
          result: {
            ok: true,
            again,
            title: again ? '您已经签过到了' : '签到成功',
            text: again ? `您在 ${dateTimeWords(c.checked_in_at)} 已经签到，不用再签。` : `签到时间：${dateTimeWords(c.checked_in_at)}`,
          },
        });
      } catch (err) {
        const title = err instanceof ApiError && err.code === 'outside_radius' ? '您不在会场范围内'
          : err instanceof ApiError && err.code === 'checkin_window_closed' ? '现在不能签到'
          : err instanceof ApiError && err.code === 'invalid_code' ? '签到码已过期' : '签到没有成功';
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
