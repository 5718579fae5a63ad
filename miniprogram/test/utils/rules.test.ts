// The backend's rules come from GET /meta (its configs/), not from copies in the mini
// program: a province that changes the check-in window or the photo limits changes what
// the pages offer and say, without a new release.
import { forgetMeta, getMeta } from '../../src/api/meta';
import { rules } from '../../src/api/rules';
import { fromResponse } from '../../src/services/errors';
import { checkinOpen, checkinOpensAt, checkinRefusal } from '../../src/utils/duty';
import { choosePhotos, maxPhotos, PhotoItem, tooLargeWords } from '../../src/utils/photos';
import { fastConfig, FakeServer, installWx, meta, RULES } from '../helpers';

const server = new FakeServer();
let w: ReturnType<typeof installWx>;

beforeEach(() => {
  fastConfig();
  forgetMeta();
  server.reset();
  w = installWx(server);
});

/** The fake backend runs with configs/ changed: check-in 30 minutes before, 3 photos of 2 MB. */
async function provinceChangedItsRules(): Promise<void> {
  server.on('GET', '/api/v1/meta', {
    body: { ...meta(), checkin_window: { opens_before_minutes: 30 }, photos: { max_count: 3, max_bytes: 2 * 1024 * 1024 }, text_limits: { ...RULES.text_limits, content_max: 1000 } },
  });
  await getMeta();
}

const activity = { start_at: '2026-12-03T09:30:00+08:00', end_at: '2026-12-03T11:30:00+08:00', status: 'published' };
const at = (t: string) => Date.parse(`2026-12-03T${t}:00+08:00`);

test('the check-in window is the one /meta tells', async () => {
  // before any answer: the shipped rule, an hour
  expect(checkinOpen(activity, at('08:40'))).toBe(true);

  await provinceChangedItsRules();
  expect(rules().checkin_window.opens_before_minutes).toBe(30);
  expect(checkinOpensAt(activity.start_at)).toBe(at('09:00'));
  expect(checkinOpen(activity, at('08:40'))).toBe(false);
  expect(checkinOpen(activity, at('09:05'))).toBe(true);
  const closed = fromResponse(403, { error: { code: 'checkin_window_closed', message: '不在签到时间内' } });
  expect(checkinRefusal(closed, activity, at('08:00'))).toBe('签到将于 9:00 开始（活动开始前 30 分钟）。请到时再扫码。');
  expect(checkinRefusal(closed, null, at('08:00'))).toBe('现在不在签到时间内（活动开始前 30 分钟到活动结束）。');
});

test('an older backend without rules leaves the shipped ones', async () => {
  server.on('GET', '/api/v1/meta', { body: { subscribe_templates: {}, categories: [], activity_kinds: [] } });
  await getMeta();
  expect(rules().photos.max_count).toBe(9);
  expect(rules().checkin_window.opens_before_minutes).toBe(60);
});

test('the photo limits are the ones /meta tells: how many, how large, and the words', async () => {
  expect(maxPhotos()).toBe(9);
  expect(tooLargeWords()).toBe('照片超过 5 MB');

  await provinceChangedItsRules();
  expect(maxPhotos()).toBe(3);
  expect(tooLargeWords()).toBe('照片超过 2 MB');
  expect(fromResponse(413, { error: { code: 'upload_too_large', message: '照片不能超过 2 MB' } }).message).toBe('文件太大了（每张照片不超过 2 MB）。请换一张或重新拍摄。');

  (w.wx.chooseMedia as jest.Mock).mockImplementation((o: { success: (r: unknown) => void }) =>
    setTimeout(() => o.success({ tempFiles: [{ tempFilePath: 'wxfile://a.jpg', size: 1.5 * 1024 * 1024 }, { tempFilePath: 'wxfile://b.jpg', size: 3 * 1024 * 1024 }] }), 0),
  );
  const items = await new Promise<PhotoItem[]>((resolve, reject) => choosePhotos(maxPhotos(), resolve, reject));
  expect((w.wx.chooseMedia as jest.Mock).mock.calls[0][0]).toMatchObject({ count: 3 });
  expect(items.map((p) => [p.status, p.error])).toEqual([['uploading', ''], ['failed', '照片超过 2 MB']]);
});
