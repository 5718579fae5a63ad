import { getMeta } from './api/meta';
import { initPrivacy } from './services/privacy';

App({
  onLaunch() {
    initPrivacy();
    // the backend's rules (check-in window, photos, lengths) before a page needs them;
    // a page that finds them missing asks again (api/meta.ts)
    try {
      getMeta().catch(() => undefined);
    } catch (e) {
      /* no network API yet: the pages ask */
    }
  },
  // A notice card or a code made before a release may name a page this version no longer
  // has: go home rather than leave the person on WeChat's "page not found".
  onPageNotFound() {
    wx.reLaunch({ url: '/pages/index/index' });
  },
});
