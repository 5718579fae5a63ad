// Finding a station without its code: by name, or near where the phone is.
import { nearStations, searchStations } from '../../api/stations';
import { Station } from '../../api/types';
import { messageOf } from '../../services/errors';
import { distanceWords } from '../../utils/format';

interface Item {
  id: number;
  name: string;
  address: string;
  distance: string;
}

function items(list: Station[]): Item[] {
  return list.map((s) => ({ id: s.id, name: s.name, address: s.address, distance: distanceWords(s.distance_m) }));
}

Component({
  data: {
    q: '',
    loading: false,
    error: '',
    empty: '',
    hint: '',
    needSetting: false,
    items: [] as Item[],
    last: '' as '' | 'search' | 'near',
  },
  methods: {
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ q: e.detail.value });
    },
    async onSearch() {
      const q = this.data.q.trim();
      if (!q) {
        this.setData({ hint: '请先输入联络站名称中的几个字，再点“按名称查找”。', items: [], empty: '', error: '' });
        return;
      }
      this.setData({ last: 'search', loading: true, error: '', empty: '', hint: '', needSetting: false, items: [] });
      try {
        const page = await searchStations(q);
        this.setData({
          loading: false,
          items: items(page.items || []),
          empty: page.items && page.items.length ? '' : `没有找到名称里有“${q}”的联络站。请少输几个字，或换个说法再试。`,
        });
      } catch (err) {
        this.setData({ loading: false, error: messageOf(err) });
      }
    },
    onNear() {
      this.setData({ last: 'near', loading: true, error: '', empty: '', hint: '', needSetting: false, items: [] });
      wx.getLocation({
        type: 'gcj02',
        success: async (loc) => {
          try {
            const page = await nearStations(loc.latitude, loc.longitude);
            this.setData({
              loading: false,
              items: items(page.items || []),
              empty: page.items && page.items.length ? '' : '附近没有找到联络站。可以输入名称查找。',
            });
          } catch (err) {
            this.setData({ loading: false, error: messageOf(err) });
          }
        },
        fail: (res) => {
          const denied = /auth|deny|denied|permission/i.test((res && res.errMsg) || '');
          this.setData({
            loading: false,
            needSetting: denied,
            hint: denied
              ? '没有得到使用位置的允许，所以找不到附近的联络站。您可以输入名称查找，或去设置里允许使用位置。'
              : '没能取得您的位置。请打开手机的定位后再试，或输入名称查找。',
          });
        },
      });
    },
    onRetry() {
      if (this.data.last === 'near') this.onNear();
      else this.onSearch();
    },
    onOpenSetting() {
      wx.openSetting({});
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id);
      wx.navigateTo({ url: `/pages/station/index?id=${id}` });
    },
  },
});
