import { describe, expect, it } from 'vitest';
import { confirmsHost } from './hostConfirmation';

describe('confirmsHost', () => {
  it('covers the named host only', () => {
    expect(confirmsHost('SBC.example.net', ' sbc.example.net ')).toBe(true);
    expect(confirmsHost('sbc.example.net', 'sbc2.example.net')).toBe(false);
    expect(confirmsHost(null, 'sbc.example.net')).toBe(false);
    expect(confirmsHost('', '')).toBe(false);
  });
});
