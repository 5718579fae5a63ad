// Loading, failure (with 重试 and a way back) or empty: what a section shows instead of its content.
Component({
  properties: {
    loading: { type: Boolean, value: false },
    loadingText: { type: String, value: '正在加载，请稍候…' },
    error: { type: String, value: '' },
    empty: { type: String, value: '' },
    retry: { type: Boolean, value: true },
    back: { type: Boolean, value: false },
    backText: { type: String, value: '返回首页' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
    onBack() {
      this.triggerEvent('back');
    },
  },
});
