// A light syntax highlighter for Handlebars templates: splits the text into lines of
// coloured segments for an overlay behind the editor's textarea, and marks the character
// each validation finding points at.

export type TokenKind = 'text' | 'comment' | 'block' | 'expression';

export interface Segment {
  text: string;
  kind: TokenKind;
  /** A validation finding points at this segment's first character. */
  error: boolean;
}

interface Span {
  start: number;
  end: number;
  kind: TokenKind;
}

/** Handlebars tokens in order; text between them is plain. An unclosed `{{` runs to the end. */
export function tokenize(body: string): Span[] {
  const spans: Span[] = [];
  let at = 0;
  while (at < body.length) {
    const open = body.indexOf('{{', at);
    if (open < 0) {
      spans.push({ start: at, end: body.length, kind: 'text' });
      break;
    }
    if (open > at) spans.push({ start: at, end: open, kind: 'text' });
    const isLongComment = body.startsWith('{{!--', open);
    const closer = isLongComment ? '--}}' : '}}';
    const close = body.indexOf(closer, open + (isLongComment ? 5 : 2));
    const end = close < 0 ? body.length : close + closer.length;
    spans.push({ start: open, end, kind: kindOf(body.slice(open, end)) });
    at = end;
  }
  return spans;
}

function kindOf(token: string): TokenKind {
  const inner = token.replace(/^\{\{~?/, '');
  if (inner.startsWith('!')) return 'comment';
  if (/^[#/^]/.test(inner) || /^else\b/.test(inner)) return 'block';
  return 'expression';
}

/** Offsets into `body` of 1-based line / column positions; positions past a line's end clamp to it. */
export function offsetsOf(body: string, positions: readonly { line: number; column: number }[]): Set<number> {
  const lineStarts = [0];
  for (let i = 0; i < body.length; i++) if (body[i] === '\n') lineStarts.push(i + 1);
  const offsets = new Set<number>();
  for (const { line, column } of positions) {
    const index = Math.min(Math.max(line, 1), lineStarts.length) - 1;
    const start = lineStarts[index];
    const lineEnd = index + 1 < lineStarts.length ? lineStarts[index + 1] - 1 : body.length;
    offsets.add(Math.min(start + Math.max(column, 1) - 1, lineEnd));
  }
  return offsets;
}

/**
 * The body as lines of segments. A finding at the end of a line marks a one-space segment there,
 * so that it stays visible.
 */
export function highlight(body: string, positions: readonly { line: number; column: number }[]): Segment[][] {
  const errors = offsetsOf(body, positions);
  const lines: Segment[][] = [[]];
  const push = (text: string, kind: TokenKind, error: boolean) => {
    const line = lines[lines.length - 1];
    const last = line[line.length - 1];
    if (last !== undefined && last.kind === kind && !error && !last.error) last.text += text;
    else line.push({ text, kind, error });
  };
  for (const span of tokenize(body)) {
    for (let i = span.start; i < span.end; i++) {
      const c = body[i];
      if (c === '\n') {
        if (errors.has(i)) push(' ', span.kind, true);
        lines.push([]);
      } else {
        push(c, span.kind, errors.has(i));
      }
    }
  }
  if (errors.has(body.length)) push(' ', 'text', true);
  return lines;
}
