// Home: for whoever opens the mini program without a station's code. Find a station,
// see my messages. (Deputies' and staff's entries join here later, by role.)
import { elder } from '../../behaviors/elder';

Component({
  behaviors: [elder],
  methods: {
    onLoad() {
      /* nothing to fetch until the person searches */
    },
    onMine() {
      wx.navigateTo({ url: '/pages/my-messages/index' });
    },
    onPrivacy() {
      wx.navigateTo({ url: '/pages/privacy/index' });
    },
    onShareAppMessage() {
      return { title: '人大代表联络站', path: '/pages/index/index' };
    },
  },
});
