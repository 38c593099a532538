// Which rows a fixed-row-height virtual table must render for a given scroll position.

export interface WindowQuery {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Extra rows rendered above and below the viewport so fast scrolling shows no gaps. */
  overscan: number;
}

/** Inclusive row range; `last < first` means nothing to render. */
export interface RowWindow {
  first: number;
  last: number;
}

export const EMPTY_WINDOW: RowWindow = { first: 0, last: -1 };

export function visibleWindow(q: WindowQuery): RowWindow {
  if (q.rowCount <= 0 || q.rowHeight <= 0) return EMPTY_WINDOW;
  const overscan = Math.max(0, Math.floor(q.overscan));
  // Elastic scrolling can report a negative offset, or one past the end after rows were removed.
  const maxScroll = Math.max(0, q.rowCount * q.rowHeight - Math.max(0, q.viewportHeight));
  const top = Math.min(Math.max(0, q.scrollTop), maxScroll);
  const height = Math.max(0, q.viewportHeight);

  const firstVisible = Math.floor(top / q.rowHeight);
  const lastVisible = Math.max(firstVisible, Math.ceil((top + height) / q.rowHeight) - 1);

  return {
    first: Math.max(0, firstVisible - overscan),
    last: Math.min(q.rowCount - 1, lastVisible + overscan),
  };
}
