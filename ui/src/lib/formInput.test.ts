import { describe, expect, it } from 'vitest';
import { blankToNull } from './formInput';

describe('blankToNull', () => {
  it('trims what was typed and turns nothing into null', () => {
    expect(blankToNull('  +44 20 7946 0999 ')).toBe('+44 20 7946 0999');
    expect(blankToNull('   ')).toBeNull();
    expect(blankToNull(null)).toBeNull();
    expect(blankToNull(undefined)).toBeNull();
  });
});
