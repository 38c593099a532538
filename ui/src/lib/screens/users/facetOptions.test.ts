import { describe, expect, it } from 'vitest';
import { facetOptions } from './facetOptions';

describe('facetOptions', () => {
  it('labels each value with its user count, keeping the backend order', () => {
    expect(
      facetOptions(
        [
          ['UK-Intl', 1200],
          ['UK-National', 3],
        ],
        '',
      ),
    ).toEqual([
      { value: 'UK-Intl', label: `UK-Intl (${new Intl.NumberFormat().format(1200)})` },
      { value: 'UK-National', label: 'UK-National (3)' },
    ]);
  });

  it('keeps a chosen value the counts no longer list, at zero', () => {
    const options = facetOptions([['GB', 4]], 'NL');
    expect(options.map((o) => o.value)).toEqual(['NL', 'GB']);
    expect(options[0].label).toBe('NL (0)');
  });

  it('adds nothing when the chosen value is listed or nothing is chosen', () => {
    expect(facetOptions([['GB', 4]], 'GB')).toHaveLength(1);
    expect(facetOptions([], '')).toEqual([]);
  });
});
