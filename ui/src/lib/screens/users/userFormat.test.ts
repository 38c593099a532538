import { describe, expect, it } from 'vitest';
import { formatLineUri, numberSearchDigits, searchHint } from './userFormat';

describe('numberSearchDigits', () => {
  it('reads every common notation as the same digits', () => {
    for (const text of ['+44 20 7946', '442079 46', 'tel:+4420 7946', 'TEL:+44-20-7946', '(44) 20.7946']) {
      expect(numberSearchDigits(text)).toBe('44207946');
    }
  });

  it('treats names and very short numbers as a name search', () => {
    expect(numberSearchDigits('Agent 007')).toBeNull();
    expect(numberSearchDigits('12')).toBeNull();
    expect(numberSearchDigits('')).toBeNull();
  });
});

describe('searchHint', () => {
  it('says whether the text is searched as a number or a name', () => {
    expect(searchHint(' tel:+31 20 ')).toBe('Numbers starting or ending with 3120');
    expect(searchHint('ali')).toContain('starting with');
    expect(searchHint('  ')).toContain('by name, UPN');
  });
});

describe('formatLineUri', () => {
  it('drops the scheme and shows an extension', () => {
    expect(formatLineUri('tel:+442079460018;ext=12')).toBe('+442079460018 ext. 12');
    expect(formatLineUri('TEL:+31201234567')).toBe('+31201234567');
    expect(formatLineUri('tel:+12065550100;phone-context=x')).toBe('+12065550100');
    expect(formatLineUri(null)).toBe('');
  });
});
