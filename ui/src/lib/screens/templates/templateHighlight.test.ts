import { describe, expect, it } from 'vitest';
import { highlight, offsetsOf, tokenize } from './templateHighlight';

describe('templateHighlight', () => {
  it('tells comments, blocks and expressions apart', () => {
    const body = 'a {{!-- note --}}{{#if X}}{{Y}}{{else}}{{/if}} b';
    const kinds = tokenize(body).map((s) => [body.slice(s.start, s.end), s.kind]);
    expect(kinds).toEqual([
      ['a ', 'text'],
      ['{{!-- note --}}', 'comment'],
      ['{{#if X}}', 'block'],
      ['{{Y}}', 'expression'],
      ['{{else}}', 'block'],
      ['{{/if}}', 'block'],
      [' b', 'text'],
    ]);
  });

  it('runs an unclosed token to the end and keeps long comments whole across "}}"', () => {
    expect(tokenize('x {{CustomerId').map((s) => s.kind)).toEqual(['text', 'expression']);
    const body = '{{!-- {{Y}} --}}z';
    expect(tokenize(body).map((s) => body.slice(s.start, s.end))).toEqual(['{{!-- {{Y}} --}}', 'z']);
  });

  it('maps line and column to offsets, clamping past the end of a line', () => {
    const body = 'ab\ncd\n';
    expect([...offsetsOf(body, [{ line: 2, column: 2 }])]).toEqual([4]);
    expect([...offsetsOf(body, [{ line: 1, column: 9 }])]).toEqual([2]);
    expect([...offsetsOf(body, [{ line: 9, column: 1 }])]).toEqual([6]);
  });

  it('splits lines and marks the character a finding points at', () => {
    const lines = highlight('ok\n{{X}} y', [{ line: 2, column: 3 }]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual([{ text: 'ok', kind: 'text', error: false }]);
    expect(lines[1]).toEqual([
      { text: '{{', kind: 'expression', error: false },
      { text: 'X', kind: 'expression', error: true },
      { text: '}}', kind: 'expression', error: false },
      { text: ' y', kind: 'text', error: false },
    ]);
  });

  it('keeps a finding at the very end visible', () => {
    const lines = highlight('{{X', [{ line: 1, column: 4 }]);
    expect(lines[0][lines[0].length - 1]).toEqual({ text: ' ', kind: 'text', error: true });
  });
});
