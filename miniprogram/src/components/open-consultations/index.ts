// 正在征求意见: the drafts of regulations open for comment that reach a station, each with its
// title and closing date; a tap opens the draft. Shown on the station's page and on the home
// page (for the station last opened). When there is none, or the list cannot be read, the
// block is not shown at all: it is an invitation, never a reason for the page to fail.
import { ConsultationBrief, openConsultations } from '../../api/consultations';
import { dateWords } from '../../utils/format';
import { takesOpinions } from '../../utils/consultation';

interface Item {
  id: number;
  title: string;
  closes: string;
  /** "共 42 条": how long the reading is; '' when unknown. */
  size: string;
}

Component({
  properties: {
    stationId: { type: Number, value: 0 },
    /** Shown under the heading (the home page names the station; the station's page does not). */
    stationName: { type: String, value: '' },
  },
  data: { items: [] as Item[] },
  observers: {
    stationId(id: number) {
      (this as unknown as { load: (id: number) => void }).load(id);
    },
  },
  lifetimes: {
    attached() {
      if (this.data.stationId) this.load(this.data.stationId);
    },
  },
  methods: {
    async load(id: number) {
      const self = this as unknown as { asked?: number };
      if (!id) {
        self.asked = 0;
        this.setData({ items: [] });
        return;
      }
      if (self.asked === id) return;
      self.asked = id;
      try {
        const page = await openConsultations(id);
        if (self.asked !== id) return; // the station changed meanwhile
        const items = (page.items || [])
          .filter((c: ConsultationBrief) => !c.status || takesOpinions(c.status))
          .map((c: ConsultationBrief): Item => ({ id: c.id, title: c.title, closes: dateWords(c.closes_at), size: c.articles ? `共 ${c.articles} 条` : '' }));
        this.setData({ items });
      } catch (e) {
        if (self.asked === id) {
          self.asked = 0; // the next show asks again
          this.setData({ items: [] });
        }
      }
    },
    /** Reads the list again (the page is shown again). */
    refresh() {
      (this as unknown as { asked?: number }).asked = 0;
      this.load(this.data.stationId);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id);
      wx.navigateTo({ url: `/consultation/read/index?id=${id}&station_id=${this.data.stationId}` });
    },
  },
});
