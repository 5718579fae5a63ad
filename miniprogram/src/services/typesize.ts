// Type size. Text is sized in rem: the page's root font size follows the phone's font
// setting (<page-meta root-font-size="system">), and the large-type switch makes it larger
// still. The choice is kept in storage so that every page shows it.

const KEY = 'liaison.largeType';

export function isLarge(): boolean {
  try {
    return wx.getStorageSync(KEY) === true;
  } catch (e) {
    return false;
  }
}

export function setLarge(on: boolean): void {
  try {
    wx.setStorageSync(KEY, on);
  } catch (e) {
    /* this page only */
  }
}

function systemFontSize(): number {
  try {
    const info = wx.getAppBaseInfo ? wx.getAppBaseInfo() : null;
    const px = info && Number((info as unknown as { fontSizeSetting?: number }).fontSizeSetting);
    return px && px > 0 ? px : 16;
  } catch (e) {
    return 16;
  }
}

/** The page-meta root-font-size: the system's, or 1.3 times it (at least 22 px) in large type. */
export function rootFontSize(large: boolean): string {
  if (!large) return 'system';
  return `${Math.max(22, Math.round(systemFontSize() * 1.3))}px`;
}
