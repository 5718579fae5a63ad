// A release edits two things: the AppID in project.config.json and the backend address in
// src/config/index.ts. The operating unit and its contacts come from the backend
// (GET /api/v1/meta), so no telephone of the operator may be written into src/.
import * as fs from 'fs';
import * as path from 'path';
import { config } from '../src/config/index';
import { grepLines, sourceFiles } from './helpers';

const src = path.resolve(__dirname, '..', 'src');

/** A telephone number as people write it: a landline with its area code, or a mobile. */
const phone = /(?<![0-9A-Za-z])(0\d{2,3}[-\s]?\d{7,8}|1[3-9]\d{9})(?![0-9A-Za-z])/;


test('the phone pattern catches landlines and mobiles, not codes or alphabets', () => {
  for (const s of ['0771-0000000', '联系电话：0771-5612345', '(0771) 5612345'.replace(/[()]/g, ''), '13800138001', '07715612345', "'020-12345678'"]) {
    expect(s).toMatch(phone);
  }
  for (const s of ['abcdefghijklmnopqrstuvwxyz0123456789', 'LX2612-DZWB', 'maxBuffer: 64 << 20', 'timeoutMs: 15000', '#0052d9']) {
    expect(s).not.toMatch(phone);
  }
});

test('no telephone number is written into src/: the operator’s comes from /api/v1/meta', () => {
  const files = sourceFiles(src);
  expect(files.length).toBeGreaterThan(20);
  expect(grepLines(files, (line) => (line.includes('0771-0000000') ? '0771-0000000' : line.match(phone)?.[0]))).toEqual([]);
});

test('src/config holds the backend address and network settings only', () => {
  expect(fs.readdirSync(path.join(src, 'config'))).toEqual(['index.ts']);
  expect(Object.keys(config).sort()).toEqual(['baseUrl', 'retries', 'retryDelayMs', 'timeoutMs']);
  const text = fs.readFileSync(path.join(src, 'config', 'index.ts'), 'utf8');
  expect(text).toContain('project.config.json'); // the other place a release edits, named where the first one is
  expect(text).not.toMatch(/operator\s*:|email|contact\s*:/);
});

test('the README says what a release edits', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');
  const release = readme.slice(readme.indexOf('## Release'));
  expect(release).toContain('project.config.json');
  expect(release).toContain('"appid"');
  expect(release).toContain('src/config/index.ts');
  expect(release).toContain('baseUrl');
  expect(release).toContain('LIAISON_OPERATOR_NAME');
});
