// The station a page is about, from how it was opened.
//
// A station's code (wxacode.getUnlimited, scene `s=<id>`) opens pages/station/index with
// options.scene URL-encoded: `s%3D12`. Links inside the mini program pass `?id=12`.
// A deputy's code (scene `d=<id>`) opens pages/deputy/index the same way.

export function parseScene(scene: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!scene) return out;
  let text = scene;
  try {
    text = decodeURIComponent(scene);
  } catch (e) {
    /* not encoded twice; keep as is */
  }
  for (const part of text.split('&')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

function positiveInt(v: string | undefined): number {
  if (!v || !/^\d{1,12}$/.test(v)) return 0;
  const n = Number(v);
  return n > 0 ? n : 0;
}

/** The station id in the page options (`scene=s%3D12`, `id=12` or `station_id=12`), or 0. */
export function stationIdFrom(options: Record<string, string | undefined> | undefined): number {
  if (!options) return 0;
  const fromScene = positiveInt(parseScene(options.scene).s);
  return fromScene || positiveInt(options.id) || positiveInt(options.station_id);
}

/**
 * The deputy in the page options: a deputy's code (wxacode.getUnlimited, scene `d=<id>`) opens
 * pages/deputy/index with `scene=d%3D12`; links inside the mini program pass `id=12` or
 * `deputy_id=12`. 0 if none.
 */
export function deputyIdFrom(options: Record<string, string | undefined> | undefined): number {
  if (!options) return 0;
  const fromScene = positiveInt(parseScene(options.scene).d);
  return fromScene || positiveInt(options.id) || positiveInt(options.deputy_id);
}

/** A console sign-in request's id: 22 characters of base64url. */
const consoleLoginId = /^[A-Za-z0-9_-]{22}$/;

/**
 * The console sign-in request in the page options: the code the browser shows has scene
 * `l=<id>` (`scene=l%3D<id>`); `id=<id>` works too (tests, DevTools' compile modes). '' if none.
 */
export function consoleLoginIdFrom(options: Record<string, string | undefined> | undefined): string {
  if (!options) return '';
  const fromScene = parseScene(options.scene).l || '';
  if (consoleLoginId.test(fromScene)) return fromScene;
  const plain = (options.id || '').trim();
  return consoleLoginId.test(plain) ? plain : '';
}

/** A check-in code the page was opened with or that was scanned: the activity and its code. */
export interface CheckinCodeRef {
  activityId: number;
  code: string;
}

/** The venue link's path: /c/<activity>/<code> (server/activities/checkin_code.go). */
const venueLink = /^https?:\/\/[^/?#]+(?:\/[^?#]*)?\/c\/(\d{1,12})\/([A-Za-z0-9]{1,32})\/?(?:[?#].*)?$/;
/** The venue QR's text before the link: liaison:checkin:<activity>:<code>. */
const venueTextBefore = /^liaison:checkin:(\d{1,12}):([A-Za-z0-9]{1,32})$/i;

/**
 * A venue QR's text: the link `https://<host>/c/<activity>/<code>`, or the text the QR held
 * before, `liaison:checkin:<activity>:<code>`. null when it is neither.
 */
export function parseCheckinText(text: string | undefined): CheckinCodeRef | null {
  const t = (text || '').trim();
  const m = venueLink.exec(t) || venueTextBefore.exec(t);
  if (!m) return null;
  const activityId = positiveInt(m[1]);
  return activityId ? { activityId, code: m[2] } : null;
}

/**
 * What the check-in page was opened with.
 *
 * - WeChat's 扫一扫 on the venue's QR (扫普通链接二维码打开小程序): the link, URL-encoded, as
 *   `q` (WeChat's documentation: decodeURIComponent once), and `scancode_time`, the scan's
 *   Unix seconds.
 * - A mini program code's `scene` (URL-encoded `a=<activity>&c=<code>`), the older form.
 * - `id=<activity>` from the deputy's activity list (no code: scan or type it).
 *
 * `scannedAt` is the scan's time in milliseconds, 0 when unknown.
 */
export function checkinFrom(options: Record<string, string | undefined> | undefined): { activityId: number; code: string; scannedAt: number } {
  const out = { activityId: 0, code: '', scannedAt: 0 };
  if (!options) return out;
  if (options.q) {
    let link = options.q;
    try {
      link = decodeURIComponent(options.q);
    } catch (e) {
      /* already plain */
    }
    const ref = parseCheckinText(link);
    if (ref) {
      out.activityId = ref.activityId;
      out.code = ref.code;
      const t = positiveInt(options.scancode_time);
      out.scannedAt = t ? t * 1000 : 0;
      return out;
    }
  }
  const scene = parseScene(options.scene);
  const fromScene = positiveInt(scene.a);
  if (fromScene) {
    out.activityId = fromScene;
    out.code = /^[A-Za-z0-9]{1,32}$/.test(scene.c || '') ? scene.c : '';
    return out;
  }
  out.activityId = positiveInt(options.id);
  return out;
}

/** A typed check-in code as six ASCII digits (spaces and full-width digits forgiven), or ''. */
export function typedCheckinCode(typed: string | undefined): string {
  const digits = (typed || '').replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000.-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : '';
}
