// One word for one thing: a message's code (LX2612-DZWB) is 查询码 wherever a person reads
// it. The same list of old names is checked in the backend's texts by
// server/notify/wording_test.go.
import * as path from 'path';
import { grepLines, sourceFiles } from './helpers';

const src = path.resolve(__dirname, '..', 'src');

/** The other names the code has been given; a bare 编号 (联络站编号, 用户编号) is another thing. */
const variants = /查询编号|留言编号|受理编号|跟踪编号|追踪编号|留言单号|留言号|留言码|查询号|跟踪码|追踪码|跟踪号|追踪号|编号\s*\{\d\}|编号[：:\s]*LX\d{4}-/;


test('the variants are caught, other numbers are not', () => {
  for (const s of ['留言编号：LX2612-DZWB', '请记下跟踪码', '追踪码', '查询编号', '您的留言（编号{1}）']) expect(s).toMatch(variants);
  for (const s of ['查询码 LX2612-DZWB', '联络站编号无效', '用户编号', '代表编号']) expect(s).not.toMatch(variants);
});

test('the mini program calls the message code 查询码 and nothing else', () => {
  const files = sourceFiles(src, /\.(wxml|ts|json)$/);
  expect(files.length).toBeGreaterThan(20);
  expect(grepLines(files, (line) => line.match(variants)?.[0])).toEqual([]);
});
