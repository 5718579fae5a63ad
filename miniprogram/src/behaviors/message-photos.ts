// A message's photos on the pages that show one (the citizen's, the deputy's, the staff's):
// data.photos, downloaded one by one with the page's token; a photo that failed offers 重试,
// and a tap opens the ones that loaded full screen. The page calls loadPhotos(message).
import { downloadPhoto } from '../api/uploads';

export interface PhotoView {
  id: number;
  url: string;
  path: string;
  failed: boolean;
}

export const messagePhotos = Behavior({
  data: { photos: [] as PhotoView[] },
  methods: {
    loadPhotos(m: { images?: { id: number; url: string }[] }) {
      const photos: PhotoView[] = (m.images || []).map((p) => ({ id: p.id, url: p.url, path: '', failed: false }));
      this.setData({ photos });
      photos.forEach((_, i) => this.loadPhoto(i));
    },
    async loadPhoto(i: number) {
      const p = (this.data.photos as PhotoView[])[i];
      if (!p) return;
      this.setData({ [`photos[${i}].failed`]: false });
      try {
        this.setData({ [`photos[${i}].path`]: await downloadPhoto(p.url) });
      } catch (e) {
        this.setData({ [`photos[${i}].failed`]: true });
      }
    },
    onRetryPhoto(e: WechatMiniprogram.TouchEvent) {
      this.loadPhoto(Number(e.currentTarget.dataset.index));
    },
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const photos = this.data.photos as PhotoView[];
      const urls = photos.filter((p) => p.path).map((p) => p.path);
      wx.previewImage({ urls, current: photos[Number(e.currentTarget.dataset.index)].path });
    },
  },
});
