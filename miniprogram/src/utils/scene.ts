// The station a page is about, from how it was opened.
//
// A station's code (wxacode.getUnlimited, scene `s=<id>`) opens pages/station/index with
// options.scene URL-encoded: `s%3D12`. Links inside the mini program pass `?id=12`.

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
