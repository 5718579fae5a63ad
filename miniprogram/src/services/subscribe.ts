// wx.requestSubscribeMessage for the deputies' and staff's pages: it must be called inside the
// tap, synchronously, with at most 3 template ids; what was accepted is told to the backend.
// Empty template ids (not configured) are skipped; a refusal is never an error.
import { recordSubscriptions } from '../api/subscriptions';
import { Meta } from '../api/types';

/** The non-empty template ids among `names` of /api/v1/meta, at most 3. */
export function templateIds(meta: Meta | null, names: string[]): string[] {
  const t = (meta && meta.subscribe_templates) || {};
  return names.map((n) => t[n]).filter((id): id is string => typeof id === 'string' && id !== '').slice(0, 3);
}

/** Call inside the tap handler before any await. Resolves with what was accepted (recorded). */
export function askSubscribe(ids: string[]): Promise<string[]> {
  if (!ids.length) return Promise.resolve([]);
  return new Promise<string[]>((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (res) => resolve(ids.filter((id) => (res as unknown as Record<string, string>)[id] === 'accept')),
      fail: () => resolve([]),
    });
  }).then(async (accepted) => {
    if (accepted.length) {
      try {
        await recordSubscriptions(accepted);
      } catch (e) {
        /* a missed grant costs one notice, not worth an alarm */
      }
    }
    return accepted;
  });
}
