import { describe, expect, it } from 'vitest';
import { csvField, csvLine, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it.each([
    [
      'plain LF',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CRLF without final break',
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'BOM',
      '\ufeffa,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'quoted comma, quote and newline',
      'a,b\r\n"x, y","say ""hi""\r\nthere"\r\n',
      [
        ['a', 'b'],
        ['x, y', 'say "hi"\r\nthere'],
      ],
    ],
    [
      'empty fields',
      'a,b,c\n,,\n',
      [
        ['a', 'b', 'c'],
        ['', '', ''],
      ],
    ],
    ['blank lines skipped', 'a\n\n1\n', [['a'], ['1']]],
  ])('%s', (_name, text, expected) => {
    expect(parseCsv(text)).toEqual(expected);
  });

  it('rejects an unterminated quote and junk after a closing quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/unterminated/);
    expect(() => parseCsv('a\n"x"y')).toThrow(/closing quote/);
  });

  it('round-trips what csvLine writes', () => {
    const rows = [
      ['id', 'note'],
      ['1', 'a "quoted", multi\nline value'],
      ['2', ' padded '],
    ];
    expect(parseCsv(rows.map(csvLine).join(''))).toEqual(rows);
  });
});

describe('csvField', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+cmd|x', "'+1+cmd|x"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['a=1', 'a=1'],
    [' =1', '" =1"'],
  ])('neutralises formula-leading text %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('leaves numbers and other values alone', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(true)).toBe('true');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });
});
