// The station this person last opened (by its code or from the finder), kept in storage so
// that the home page can show what concerns it — the drafts open for comment there — without
// asking again where the person lives.

const KEY = 'liaison.lastStation';

export interface KnownStation {
  id: number;
  name: string;
}

export function rememberStation(s: KnownStation): void {
  if (!s || !(s.id > 0)) return;
  try {
    wx.setStorageSync(KEY, { id: s.id, name: s.name || '' });
  } catch (e) {
    /* the home page then shows no station's drafts: nothing is lost */
  }
}

/** The last station opened, or null. */
export function lastStation(): KnownStation | null {
  try {
    const v = wx.getStorageSync(KEY) as KnownStation | '';
    if (!v || typeof v !== 'object' || !(Number(v.id) > 0)) return null;
    return { id: Number(v.id), name: typeof v.name === 'string' ? v.name : '' };
  } catch (e) {
    return null;
  }
}
