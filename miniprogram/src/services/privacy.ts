// WeChat asks the mini program to show its privacy notice before the first use of a
// privacy API (wx.chooseMedia, wx.getLocation …): wx.onNeedPrivacyAuthorization hands us a
// `resolve`. The privacy-sheet component on each page shows the notice; its
// <button open-type="agreePrivacyAuthorization"> agrees, and we pass that on.

type Resolve = (r: { event: 'agree' | 'disagree'; buttonId?: string }) => void;
type Listener = (pending: boolean) => void;

let pending: Resolve | null = null;
const listeners = new Set<Listener>();

function notify(): void {
  listeners.forEach((l) => {
    try {
      l(pending !== null);
    } catch (e) {
      listeners.delete(l); // a page that is gone
    }
  });
}

export function initPrivacy(): void {
  if (typeof wx.onNeedPrivacyAuthorization !== 'function') return;
  wx.onNeedPrivacyAuthorization((resolve) => {
    pending = resolve as unknown as Resolve;
    notify();
  });
}

export function onPrivacyNeeded(l: Listener): () => void {
  listeners.add(l);
  if (pending) l(true);
  return () => listeners.delete(l);
}

export function agreePrivacy(buttonId: string): void {
  const r = pending;
  pending = null;
  if (r) r({ event: 'agree', buttonId });
  notify();
}

export function declinePrivacy(): void {
  const r = pending;
  pending = null;
  if (r) r({ event: 'disagree' });
  notify();
}
