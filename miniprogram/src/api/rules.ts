// The rules the backend runs with, as GET /meta tells them (api/meta.ts hands them here):
// the check-in window, the photos of a message, the lengths of texts. They come from the
// backend's configs/, so a province that changes a rule changes what the mini program
// offers without a new release. This module imports nothing, so that the error texts
// (services/errors.ts) can read it too.
import type { Meta } from './types';

export interface Rules {
  checkin_window: Meta['checkin_window'];
  photos: Meta['photos'];
  text_limits: Meta['text_limits'];
}

/**
 * Until /meta has answered (the app asks at launch; the message forms wait for it before
 * they show), the rules of the shipped configs/. Only a page opened before any answer uses
 * them; the server refuses what its own rules refuse, and the page shows that refusal.
 */
const beforeMeta: Rules = {
  checkin_window: { opens_before_minutes: 60 },
  photos: { max_count: 9, max_bytes: 5 * 1024 * 1024 },
  text_limits: { content_min: 5, content_max: 2000, name_max: 50, reply_max: 2000, reason_max: 500, promise_max: 500, note_max: 500, comment_max: 500 },
};

let known: Rules | null = null;

/** The rules of the last /meta read, or those of the shipped configuration before any. */
export function rules(): Rules {
  return known || beforeMeta;
}

/** Keeps the rules of a /meta answer (one of an older backend without them is ignored). */
export function learnRules(m: Partial<Meta> | null | undefined): void {
  if (m && m.checkin_window && m.photos && m.text_limits) {
    known = { checkin_window: m.checkin_window, photos: m.photos, text_limits: m.text_limits };
  } else if (m === null) {
    known = null;
  }
}

/** "5 MB", "2.5 MB": the largest photo the backend takes, in words. */
export function photoSizeWords(bytes = rules().photos.max_bytes): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : Number(mb.toFixed(1))} MB`;
}
