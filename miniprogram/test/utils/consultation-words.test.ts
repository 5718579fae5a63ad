// An article's number as a draft writes it, and an opinion's outcome in plain words.
import { articleWords, chineseNumber, excerpt, opinionCountWords, outcomeWords } from '../../src/utils/consultation';

test('article numbers are written as legal texts write them', () => {
  const cases: [number, string][] = [[1, '一'], [9, '九'], [10, '十'], [12, '十二'], [20, '二十'], [21, '二十一'], [100, '一百'], [105, '一百零五'], [110, '一百一十'], [119, '一百一十九'], [1010, '一千零一十']];
  for (const [n, words] of cases) expect([n, chineseNumber(n)]).toEqual([n, words]);
  expect(articleWords(12)).toBe('第十二条');
  expect(articleWords('第三条')).toBe('第三条');
  expect(articleWords('7')).toBe('第七条');
  expect(articleWords(null)).toBe('');
});

test('outcomes and counts in plain words', () => {
  expect(outcomeWords('adopted')).toBe('已采纳');
  expect(outcomeWords('partly_adopted')).toBe('部分采纳');
  expect(outcomeWords('not_adopted')).toBe('未采纳');
  expect(outcomeWords('for_reference')).toBe('留作参考');
  expect(outcomeWords(null)).toBe('正在研究');
  expect(opinionCountWords(0)).toBe('还没有人提意见');
  expect(opinionCountWords(3)).toBe('已有 3 条意见');
  expect(excerpt('一二三四五六', 4)).toBe('一二三四…');
});
