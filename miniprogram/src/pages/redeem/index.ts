// Redeem an invite code (K7QM-3XRT-9HPA) that the station or the county office gave: it adds
// the staff, admin or deputy role to this WeChat.
import { redeemInvite } from '../../api/me';
import { Me } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { entriesOf } from '../../services/roles';
import { normalizeInvite } from '../../utils/duty';
import { parseScene } from '../../utils/scene';

function doneWords(me: Me): string {
  const e = entriesOf(me);
  if (e.staff && e.deputy) return '邀请码已使用。您现在可以办理群众留言、安排活动，也可以作为代表签到。';
  if (e.staff) return '邀请码已使用。您现在可以在首页“联络站工作”里办理群众留言、安排活动。';
  if (e.deputy) return '邀请码已使用。您现在可以在首页“代表履职”里查看活动、请假和签到。';
  return '邀请码已使用。';
}

Component({
  behaviors: [elder],
  data: { code: '', error: '', sending: false, done: '' },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      // The console shows a new invite as a mini program code (scene `i=<code>`): scanning it
      // opens this page with the code filled in; a link may pass `?code=` instead.
      const code = parseScene(options.scene).i || (options.code ? decodeURIComponent(options.code) : '');
      if (code) this.setData({ code: normalizeInvite(code) });
    },
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ code: e.detail.value, error: '' });
    },
    async onSubmit() {
      if (this.data.sending) return;
      const code = normalizeInvite(this.data.code);
      if (code.length < 6) {
        this.setData({ error: '请输入工作人员给您的邀请码（12 位字母和数字，如 K7QM-3XRT-9HPA）。' });
        return;
      }
      this.setData({ sending: true, error: '', code });
      try {
        const me = await redeemInvite(code);
        this.setData({ sending: false, done: doneWords(me) });
      } catch (err) {
        let error = messageOf(err);
        if (err instanceof ApiError && err.kind === 'not_found') error = '没有这个邀请码。请核对后重新输入，注意 0 和 O、1 和 I 的区别。';
        else if (err instanceof ApiError && err.kind === 'conflict') error = '这个邀请码已经用过或已过期。请向给您邀请码的工作人员要一个新的。';
        this.setData({ sending: false, error });
      }
    },
    onHome() {
      wx.reLaunch({ url: '/pages/index/index' });
    },
  },
});
