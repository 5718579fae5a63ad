// 我的立法意见: each opinion the signed-in person gave on a draft regulation — the draft, the
// article (or the whole draft), what they wrote — with its outcome in plain words (已采纳,
// 部分采纳, 未采纳, 留作参考) and the office's reason, or 正在研究 before the review.
import { MyOpinion, myOpinions } from '../../api/consultations';
import { elder } from '../../behaviors/elder';
import { messageOf } from '../../services/errors';
import { articleWords, excerpt, outcomeTone, outcomeWords } from '../../utils/consultation';
import { dateWords } from '../../utils/format';

interface Item {
  id: number;
  title: string;
  target: string;
  excerpt: string;
  date: string;
  outcome: string;
  tone: string;
  reviewed: boolean;
  reason: string;
}

function item(o: MyOpinion): Item {
  const reviewed = !!o.outcome;
  return {
    id: o.id,
    title: o.consultation_title,
    target: o.article_id ? `对${articleWords(o.article_number)}` : '对整部草案',
    excerpt: excerpt(o.content, 60),
    date: dateWords(o.created_at),
    outcome: outcomeWords(o.outcome),
    tone: outcomeTone(o.outcome),
    reviewed,
    reason: (o.reason || '').trim(),
  };
}

Component({
  behaviors: [elder],
  data: { loading: false, error: '', empty: '', items: [] as Item[], cursor: '' },
  methods: {
    onLoad() {
      this.load();
    },
    reload() {
      this.setData({ items: [], cursor: '' });
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '', empty: '' });
      try {
        const page = await myOpinions(this.data.cursor);
        const items = this.data.items.concat((page.items || []).map(item));
        this.setData({
          loading: false,
          items,
          cursor: page.next_cursor || '',
          empty: items.length ? '' : '您还没有对法规草案提过意见。联络站页面上“正在征求意见”的草案，都可以逐条提意见。',
        });
      } catch (err) {
        this.setData({ loading: false, error: messageOf(err) });
      }
    },
    onHome() {
      wx.reLaunch({ url: '/pages/index/index' });
    },
  },
});
