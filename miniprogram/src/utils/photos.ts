// Choosing photos for a message: the citizen's form and the staff's walk-in
// form take them the same way (compressed; how many and how large each, the
// backend's configs/messages.yaml says through GET /meta).
import { photoSizeWords, rules } from '../api/rules';

/** How many photos a message may carry. */
export function maxPhotos(): number {
  return rules().photos.max_count;
}

/** What a photo too large for the backend says: "照片超过 5 MB". */
export function tooLargeWords(): string {
  return `照片超过 ${photoSizeWords()}`;
}

export type PhotoStatus = 'uploading' | 'done' | 'failed';

/** A photo of a form: uploading, uploaded (id), or failed (error says why). */
export interface PhotoItem {
  key: string;
  path: string;
  status: PhotoStatus;
  progress: number;
  id: number;
  error: string;
}

let photoSeq = 0;

/**
 * Opens the album or camera for at most `room` photos. `chosen` gets them as
 * form items: too large ones already failed with the reason, the others
 * ready to upload. `failed` gets a sentence for the person when WeChat could
 * not open either (not when they cancelled).
 */
export function choosePhotos(room: number, chosen: (items: PhotoItem[]) => void, failed: (message: string) => void): void {
  if (room <= 0) return;
  wx.chooseMedia({
    count: room,
    mediaType: ['image'],
    sizeType: ['compressed'],
    sourceType: ['album', 'camera'],
    success: (res) => {
      chosen(
        res.tempFiles.slice(0, room).map((f) => {
          const big = f.size > rules().photos.max_bytes;
          return { key: `p${++photoSeq}`, path: f.tempFilePath, status: big ? 'failed' : 'uploading', progress: 0, id: 0, error: big ? tooLargeWords() : '' };
        }),
      );
    },
    fail: (res) => {
      if (/cancel/.test((res && res.errMsg) || '')) return;
      failed('没能打开相册或相机。请在设置里允许使用相册和相机后再试。');
    },
  });
}
