import { initPrivacy } from './services/privacy';

App({
  onLaunch() {
    initPrivacy();
  },
  // A notice card or a code made before a release may name a page this version no longer
  // has: go home rather than leave the person on WeChat's "page not found".
  onPageNotFound() {
    wx.reLaunch({ url: '/pages/index/index' });
  },
});
