// Photos: one wx.uploadFile per photo (multipart field `file`), and fetching a stored
// photo with the token (its address needs the Authorization header, which <image> cannot send).
import { config } from '../config/index';
import { fromResponse, networkError } from '../services/errors';
import { withRetries, withSession } from '../services/request';
import { Photo } from './types';

function parse(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch (e) {
    return {};
  }
}

/** Uploads one photo; `onProgress` gets 0–100. A flaky network is tried again. */
export function uploadPhoto(filePath: string, onProgress?: (percent: number) => void): Promise<Photo> {
  return withSession((header) =>
    withRetries(true, () =>
      new Promise<Photo>((resolve, reject) => {
        const task = wx.uploadFile({
          url: config.baseUrl + '/api/v1/uploads',
          filePath,
          name: 'file',
          header,
          timeout: 60000,
          success: (r) => {
            const body = parse(r.data);
            if (r.statusCode >= 200 && r.statusCode < 300) resolve(body as Photo);
            else reject(fromResponse(r.statusCode, body));
          },
          fail: () => reject(networkError()),
        });
        if (onProgress && task && typeof task.onProgressUpdate === 'function') {
          task.onProgressUpdate((p) => onProgress(p.progress));
        }
      }),
    ),
  );
}

/** Downloads a stored photo (`/api/v1/uploads/42`) to a local file the page can show. */
export function downloadPhoto(path: string): Promise<string> {
  return withSession((header) =>
    withRetries(true, () =>
      new Promise<string>((resolve, reject) => {
        wx.downloadFile({
          url: path.startsWith('http') ? path : config.baseUrl + path,
          header,
          success: (r) => {
            if (r.statusCode >= 200 && r.statusCode < 300) resolve(r.tempFilePath);
            else reject(fromResponse(r.statusCode, {}));
          },
          fail: () => reject(networkError()),
        });
      }),
    ),
  );
}
