// Type size. Text is sized in rem: the page's root font size follows the phone's font
// setting (<page-meta root-font-size="system">), and the large-type switch makes it larger
// still. The person's choice is kept in storage so that every page shows it. Until they
// choose, large type follows the phone: a large font set in WeChat (我 → 设置 → 通用 →
// 字体大小) turns it on.

const KEY = 'liaison.largeType';

/** WeChat's font setting at or above this scale (or size) counts as a large system font. */
const LARGE_SCALE = 1.2;
const LARGE_PX = 20;

interface FontInfo {
  fontSizeSetting?: number;
  fontSizeScaleFactor?: number;
}

/** WeChat's font setting: getAppBaseInfo (base library 2.20.1+), else the older getSystemInfoSync. */
function fontInfo(): FontInfo {
  try {
    if (wx.getAppBaseInfo) return (wx.getAppBaseInfo() as unknown as FontInfo) || {};
    if (wx.getSystemInfoSync) return (wx.getSystemInfoSync() as unknown as FontInfo) || {};
  } catch (e) {
    /* the defaults */
  }
  return {};
}

function systemFontSize(): number {
  const px = Number(fontInfo().fontSizeSetting);
  return px > 0 ? px : 16;
}

/** The phone's font is set large in WeChat. */
export function systemLarge(): boolean {
  const info = fontInfo();
  const scale = Number(info.fontSizeScaleFactor);
  if (scale > 0) return scale >= LARGE_SCALE;
  return Number(info.fontSizeSetting) >= LARGE_PX;
}

/** The person's own choice, or null when they never chose. */
export function chosen(): boolean | null {
  try {
    const v = wx.getStorageSync(KEY);
    return v === true || v === false ? v : null;
  } catch (e) {
    return null;
  }
}

/** Large type: the person's choice; until they choose, on when the phone's font is large. */
export function isLarge(): boolean {
  const c = chosen();
  return c === null ? systemLarge() : c;
}

export function setLarge(on: boolean): void {
  try {
    wx.setStorageSync(KEY, on);
  } catch (e) {
    /* this page only */
  }
}

/** The page-meta root-font-size: the system's, or 1.3 times it (at least 22 px) in large type. */
export function rootFontSize(large: boolean): string {
  if (!large) return 'system';
  return `${Math.max(22, Math.round(systemFontSize() * 1.3))}px`;
}
