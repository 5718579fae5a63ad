// A question before a step that cannot be taken back: resolves true on the confirm button.
export function ask(title: string, content: string, confirmText: string, cancelText = '再想想'): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, cancelText, success: (r) => resolve(!!r.confirm), fail: () => resolve(false) });
  });
}
