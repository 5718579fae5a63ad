// Shared by every page: large type (data.large, data.rootFontSize for <page-meta>).
import { isLarge, rootFontSize, setLarge } from '../services/typesize';

export const elder = Behavior({
  data: { large: false, rootFontSize: 'system' },
  lifetimes: {
    attached() {
      const large = isLarge();
      this.setData({ large, rootFontSize: rootFontSize(large) });
    },
  },
  pageLifetimes: {
    show() {
      const large = isLarge();
      if (large !== this.data.large) this.setData({ large, rootFontSize: rootFontSize(large) });
    },
  },
  methods: {
    onTypeSize(e: WechatMiniprogram.CustomEvent<{ large: boolean }>) {
      const large = !!e.detail.large;
      setLarge(large);
      this.setData({ large, rootFontSize: rootFontSize(large) });
    },
  },
});
