// The large-type switch; the page keeps the choice (behaviors/elder.ts).
Component({
  properties: { large: { type: Boolean, value: false } },
  methods: {
    onChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.triggerEvent('change', { large: !!e.detail.value });
    },
  },
});
