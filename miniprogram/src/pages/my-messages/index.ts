// The signed-in person's messages, newest first, with their status in words.
import { myMessages } from '../../api/messages';
import { Message } from '../../api/types';
import { elder } from '../../behaviors/elder';
import { messageOf } from '../../services/errors';
import { dateWords, statusTone, statusWords } from '../../utils/format';

interface Item {
  id: number;
  code: string;
  status: string;
  tone: string;
  needsYou: boolean;
  excerpt: string;
  station: string;
  /** the deputy it was written to (代表码); '' for a message to the station */
  addressee: string;
  date: string;
}

function item(m: Message): Item {
  const text = Array.from(m.content || '');
  return {
    id: m.id,
    code: m.code,
    status: statusWords(m.status),
    tone: statusTone(m.status),
    needsYou: (m.status === 'replied' || m.status === 'promised') && !m.rating,
    excerpt: text.length > 60 ? text.slice(0, 60).join('') + '…' : text.join(''),
    station: m.station_name,
    addressee: m.addressee ? m.addressee.name : '',
    date: dateWords(m.created_at),
  };
}

Component({
  behaviors: [elder],
  data: { loading: false, error: '', empty: '', items: [] as Item[], cursor: '' },
  pageLifetimes: {
    show() {
      // back from a message: its status may have changed
      const self = this as unknown as { loaded?: boolean; reload: () => void };
      if (self.loaded) self.reload();
    },
  },
  methods: {
    onLoad() {
      (this as unknown as { loaded: boolean }).loaded = true;
      this.reload();
    },
    reload() {
      this.setData({ items: [], cursor: '' });
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '', empty: '' });
      try {
        const page = await myMessages(this.data.cursor);
        const items = this.data.items.concat((page.items || []).map(item));
        this.setData({ loading: false, items, cursor: page.next_cursor || '', empty: items.length ? '' : '您还没有留言。扫联络站的二维码，或查找联络站后就可以留言。' });
      } catch (err) {
        this.setData({ loading: false, error: messageOf(err) });
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/message/index?id=${Number(e.currentTarget.dataset.id)}` });
    },
    onHome() {
      wx.reLaunch({ url: '/pages/index/index' });
    },
  },
});
