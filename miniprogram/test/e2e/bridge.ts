// wx.request, wx.uploadFile and wx.downloadFile carried over real HTTP to liaison-dev, so the
// page code runs unchanged against the real server. wx.login gives a `dev-` code, which dev
// mode signs in as the WeChat user with that openid.
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { installWx, FakeServer, render, waitFor } from '../helpers';
import { forgetMeta } from '../../src/api/meta';
import { forgetMe } from '../../src/api/me';
import { clearSession } from '../../src/services/request';
import { forgetStations } from '../../src/services/staff';

export interface HttpAnswer {
  status: number;
  body: any;
  headers: Record<string, string>;
  raw: Buffer;
}

export function httpCall(method: string, url: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request(
      { method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers: { ...headers, ...(body ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          let parsed: any = raw.toString('utf8');
          if (/json/.test(String(res.headers['content-type'] || ''))) {
            try {
              parsed = JSON.parse(parsed);
            } catch (e) {
              /* keep the text, as wx.request does */
            }
          }
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) h[k] = Array.isArray(v) ? v.join(', ') : String(v);
          resolve({ status: res.statusCode || 0, body: parsed, headers: h, raw });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    if (body) req.write(body);
    req.end();
  });
}

/** JSON call as a script would make it (the staff side of the journey). */
export async function api(base: string, method: string, p: string, data?: unknown, token?: string): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  return httpCall(method, base + p, data === undefined ? undefined : JSON.stringify(data), headers);
}

function multipart(field: string, filePath: string): { body: Buffer; type: string } {
  const boundary = '----liaisone2e' + Math.random().toString(16).slice(2);
  const name = path.basename(filePath);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, fs.readFileSync(filePath), tail]), type: `multipart/form-data; boundary=${boundary}` };
}

export interface Bridge {
  downloads: string[];
  requests: { method: string; url: string; status: number }[];
}

/** Puts the HTTP bridge on the global wx (after installWx has set the rest). */
export function bridgeWx(openid: string): Bridge {
  const g = (global as any).wx;
  const bridge: Bridge = { downloads: [], requests: [] };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-dl-'));
  g.login = jest.fn((o: any) => setTimeout(() => o.success({ code: openid, errMsg: 'login:ok' }), 0));
  g.request = jest.fn((o: any) => {
    const method = (o.method || 'GET').toUpperCase();
    const body = method === 'GET' || o.data === undefined ? undefined : typeof o.data === 'string' ? o.data : JSON.stringify(o.data);
    httpCall(method, o.url, body, o.header || {}).then(
      (r) => {
        bridge.requests.push({ method, url: o.url, status: r.status });
        o.success && o.success({ statusCode: r.status, data: r.body, header: r.headers });
      },
      () => o.fail && o.fail({ errMsg: 'request:fail' }),
    );
    return { abort() {} };
  });
  g.uploadFile = jest.fn((o: any) => {
    const listeners: ((p: any) => void)[] = [];
    const { body, type } = multipart(o.name, o.filePath);
    httpCall('POST', o.url, body, { ...(o.header || {}), 'Content-Type': type }).then(
      (r) => {
        bridge.requests.push({ method: 'UPLOAD', url: o.url, status: r.status });
        listeners.forEach((l) => l({ progress: 100, totalBytesSent: body.length, totalBytesExpectedToSend: body.length }));
        o.success && o.success({ statusCode: r.status, data: r.raw.toString('utf8') });
      },
      () => o.fail && o.fail({ errMsg: 'uploadFile:fail' }),
    );
    return { onProgressUpdate: (l: (p: any) => void) => listeners.push(l), abort() {} };
  });
  g.downloadFile = jest.fn((o: any) => {
    httpCall('GET', o.url, undefined, o.header || {}).then(
      (r) => {
        const file = path.join(dir, `dl-${bridge.downloads.length}`);
        fs.writeFileSync(file, r.raw);
        bridge.downloads.push(file);
        o.success && o.success({ statusCode: r.status, tempFilePath: file });
      },
      () => o.fail && o.fail({ errMsg: 'downloadFile:fail' }),
    );
    return { abort() {} };
  });
  return bridge;
}

// ---- a real photo ----

const crcTable = (() => {
  const t: number[] = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t.push(c >>> 0);
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** Writes a small real PNG (a red-to-blue gradient) and returns its path. */
export function writePhoto(size = 32): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      row[1 + x * 3] = Math.round((255 * x) / size);
      row[2 + x * 3] = 80;
      row[3 + x * 3] = Math.round((255 * y) / size);
    }
    rows.push(row);
  }
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-photo-')), 'photo.png');
  fs.writeFileSync(file, png);
  return file;
}

/** The mini program as `openid` would run it: a fresh WeChat, the network to liaison-dev, nothing kept of the last user. */
export function as(openid: string): Bridge {
  installWx(new FakeServer());
  const bridge = bridgeWx(openid);
  clearSession();
  forgetMe();
  forgetMeta();
  forgetStations();
  return bridge;
}

/** `openid` confirms, in 代表身份确认, that they are `deputy` (dev mode signs in the phone code dev-<phone> as that number). */
export async function signInAsDeputy(openid: string, deputy: { name: string; phone: string }): Promise<void> {
  as(openid);
  const bind = render('deputy/bind/index');
  bind.instance.onLoad({});
  bind.$('.bind-phone').dispatchEvent('getphonenumber', { detail: { code: `dev-${deputy.phone}` } });
  await waitFor(() => bind.instance.data.name || bind.instance.data.error || bind.instance.data.notRegistered, 'bound', 15000);
  expect(bind.instance.data.error).toBe('');
  expect(bind.text()).toContain(`${deputy.name}代表，您好`);
}
