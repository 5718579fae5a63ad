// How the check-in page reads what it was opened with: WeChat's q (扫普通链接二维码打开小程序),
// the older scene, a plain id; and what a deputy types.
import { checkinFrom, parseCheckinText, typedCheckinCode } from '../../src/utils/scene';

describe('the venue QR and the check-in page’s options', () => {
  const cases: [string, Record<string, string | undefined>, { activityId: number; code: string; scannedAt: number }][] = [
    ['q: the venue link, URL-encoded once, with the scan time', { q: 'https%3A%2F%2Flianluo.example.cn%2Fc%2F21%2F048213', scancode_time: '1796000000' }, { activityId: 21, code: '048213', scannedAt: 1796000000000 }],
    ['q: a deployment under a path', { q: encodeURIComponent('https://gov.example.cn/lianluo/c/7/123456') }, { activityId: 7, code: '123456', scannedAt: 0 }],
    ['q: the link with a trailing slash', { q: encodeURIComponent('https://lianluo.example.cn/c/21/048213/') }, { activityId: 21, code: '048213', scannedAt: 0 }],
    ['q: not a venue link, then the id', { q: encodeURIComponent('https://lianluo.example.cn/n?code=ABCD2345'), id: '21' }, { activityId: 21, code: '', scannedAt: 0 }],
    ['q: a station’s path, not /c/', { q: encodeURIComponent('https://lianluo.example.cn/s/12/048213') }, { activityId: 0, code: '', scannedAt: 0 }],
    ['the older scene a=<activity>&c=<code>', { scene: 'a%3D21%26c%3D048213' }, { activityId: 21, code: '048213', scannedAt: 0 }],
    ['a scene with the activity only', { scene: 'a%3D21' }, { activityId: 21, code: '', scannedAt: 0 }],
    ['from the activity list', { id: '21' }, { activityId: 21, code: '', scannedAt: 0 }],
    ['nothing', {}, { activityId: 0, code: '', scannedAt: 0 }],
  ];
  test.each(cases)('%s', (_name, options, want) => {
    expect(checkinFrom(options)).toEqual(want);
  });

  test('a scanned text: the link, or the text of before', () => {
    expect(parseCheckinText('https://lianluo.example.cn/c/21/048213')).toEqual({ activityId: 21, code: '048213' });
    expect(parseCheckinText('liaison:checkin:21:UFGCVX4937')).toEqual({ activityId: 21, code: 'UFGCVX4937' });
    expect(parseCheckinText('https://lianluo.example.cn/c/0/048213')).toBe(null);
    expect(parseCheckinText('https://example.com/s=1')).toBe(null);
    expect(parseCheckinText('')).toBe(null);
  });

  test('a typed code: six digits, spaces and full-width digits forgiven', () => {
    expect(typedCheckinCode('048213')).toBe('048213');
    expect(typedCheckinCode(' 048 213 ')).toBe('048213');
    expect(typedCheckinCode('０４８２１３')).toBe('048213');
    expect(typedCheckinCode('04821')).toBe('');
    expect(typedCheckinCode('O48213')).toBe('');
  });
});
