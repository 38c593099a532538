import { describe, expect, it } from 'vitest';
import { visibleWindow } from './virtualWindow';

const base = { scrollTop: 0, viewportHeight: 400, rowHeight: 40, rowCount: 10_000, overscan: 5 };

describe('visibleWindow', () => {
  it('renders the first screenful plus overscan below at the top', () => {
    // 400 / 40 = 10 visible rows (0..9) plus 5 overscan.
    expect(visibleWindow(base)).toEqual({ first: 0, last: 14 });
  });

  it('adds overscan on both sides in the middle', () => {
    // Row 100 starts at 4000; rows 100..109 are visible.
    expect(visibleWindow({ ...base, scrollTop: 4000 })).toEqual({ first: 95, last: 114 });
  });

  it('includes a partly visible row at each edge', () => {
    // 4020 cuts row 100 in half and shows half of row 110.
    expect(visibleWindow({ ...base, scrollTop: 4020, overscan: 0 })).toEqual({ first: 100, last: 110 });
  });

  it('never goes past the last row', () => {
    const end = base.rowCount * base.rowHeight - base.viewportHeight;
    expect(visibleWindow({ ...base, scrollTop: end })).toEqual({ first: 9985, last: 9999 });
    // A stale offset after rows were removed is clamped rather than producing an empty window.
    expect(visibleWindow({ ...base, rowCount: 20, scrollTop: 100_000 })).toEqual({ first: 5, last: 19 });
  });

  it('treats negative (elastic) scroll as the top', () => {
    expect(visibleWindow({ ...base, scrollTop: -120 })).toEqual({ first: 0, last: 14 });
  });

  it('renders every row when they all fit', () => {
    expect(visibleWindow({ ...base, rowCount: 3 })).toEqual({ first: 0, last: 2 });
  });

  it('is empty for no rows or a nonsensical row height', () => {
    expect(visibleWindow({ ...base, rowCount: 0 })).toEqual({ first: 0, last: -1 });
    expect(visibleWindow({ ...base, rowHeight: 0 })).toEqual({ first: 0, last: -1 });
  });

  it('still renders the overscan rows before the viewport has been measured', () => {
    expect(visibleWindow({ ...base, viewportHeight: 0 })).toEqual({ first: 0, last: 5 });
  });
});
