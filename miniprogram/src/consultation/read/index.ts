// A draft regulation open for comment (立法征询), read article by article in large type: its
// title, the drafting explanation (folded), the chapters as headings, each article with its
// number, its text and how many opinions it received — the opinions themselves are not
// published. While it is open, each article has 对本条提意见 and the draft 对整部草案提意见;
// once closed, the page says so and offers neither.
// Opened from 正在征求意见 (a station's page, the home page) with `id` and `station_id`.
import { Article, Consultation, getConsultation } from '../../api/consultations';
import { elder } from '../../behaviors/elder';
import { ApiError, messageOf } from '../../services/errors';
import { articleWords, excerpt, opinionCountWords, takesOpinions } from '../../utils/consultation';
import { dateWords } from '../../utils/format';

interface ArticleView {
  id: number;
  numberText: string;
  /** The chapter's heading when this article opens a chapter, else ''. */
  chapterHead: string;
  text: string;
  countText: string;
}

interface DraftView {
  id: number;
  title: string;
  open: boolean;
  reviewed: boolean;
  closes: string;
  explanation: string;
  explanationExcerpt: string;
  articles: ArticleView[];
}

function positive(v: string | undefined): number {
  return v && /^\d{1,12}$/.test(v) ? Number(v) : 0;
}

function articleViews(list: Article[]): ArticleView[] {
  let chapter = '';
  return (list || []).map((a) => {
    const here = (a.chapter || '').trim();
    const head = here && here !== chapter ? here : '';
    chapter = here;
    return { id: a.id, numberText: articleWords(a.number), chapterHead: head, text: a.text, countText: opinionCountWords(a.opinions) };
  });
}

function draftView(c: Consultation): DraftView {
  return {
    id: c.id,
    title: c.title,
    open: takesOpinions(c.status),
    reviewed: c.status === 'reviewed',
    closes: dateWords(c.closes_at),
    explanation: (c.explanation || '').trim(),
    explanationExcerpt: excerpt(c.explanation, 40),
    articles: articleViews(c.articles),
  };
}

Component({
  behaviors: [elder],
  data: {
    id: 0,
    stationId: 0,
    loading: false,
    error: '',
    c: null as DraftView | null,
    showExplanation: false,
  },
  pageLifetimes: {
    show() {
      // back from the opinion form: the counts have changed
      const self = this as unknown as { shows?: number; refresh: () => void };
      self.shows = (self.shows || 0) + 1;
      if (self.shows > 1 && this.data.c) self.refresh();
    },
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ id: positive(options.id), stationId: positive(options.station_id) });
      if (!this.data.id) {
        this.setData({ error: '没有指明要看的法规草案。请返回后重新打开。' });
        return;
      }
      this.load();
    },

    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const c = await getConsultation(this.data.id);
        this.setData({ loading: false, c: draftView(c) });
      } catch (err) {
        const gone = err instanceof ApiError && err.kind === 'not_found';
        this.setData({ loading: false, c: null, error: gone ? '没有找到这部法规草案，它可能已经撤回。请返回上一页。' : messageOf(err) });
      }
    },

    /** Reads the draft again without the loading screen (the counts, the status). */
    async refresh() {
      try {
        const c = await getConsultation(this.data.id);
        this.setData({ c: draftView(c) });
      } catch (e) {
        /* what is shown stays */
      }
    },

    onToggleExplanation() {
      this.setData({ showExplanation: !this.data.showExplanation });
    },

    onComment(e: WechatMiniprogram.TouchEvent) {
      if (!this.data.c || !this.data.c.open) return;
      const article = Number(e.currentTarget.dataset.id);
      wx.navigateTo({ url: `/consultation/opinion/index?id=${this.data.id}&article_id=${article}&station_id=${this.data.stationId}` });
    },

    onWhole() {
      if (!this.data.c || !this.data.c.open) return;
      wx.navigateTo({ url: `/consultation/opinion/index?id=${this.data.id}&station_id=${this.data.stationId}` });
    },

    onMine() {
      wx.navigateTo({ url: '/consultation/mine/index' });
    },

    onBack() {
      wx.navigateBack({ fail: () => wx.reLaunch({ url: '/pages/index/index' }) });
    },

    onShareAppMessage() {
      const c = this.data.c;
      return { title: c ? c.title : '法规草案征求意见', path: `/consultation/read/index?id=${this.data.id}&station_id=${this.data.stationId}` };
    },
  },
});
