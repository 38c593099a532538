// Column and sort descriptions shared by every VirtualTable.

export type SortDirection = 'asc' | 'desc';

export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

export interface Column<K extends string> {
  key: K;
  label: string;
  /** Minimum width in pixels; the table scrolls sideways rather than squeeze below the sum. */
  minWidth: number;
  /** Share of the spare width this column takes (CSS `fr`); 0 or absent keeps it at `minWidth`. */
  grow?: number;
  sortable?: boolean;
  align?: 'start' | 'end';
  /** Stays at the right edge while the other columns scroll sideways (a row's actions). */
  pinned?: boolean;
}

/** Clicking the active column flips its direction; another column starts ascending. */
export function nextSort<K extends string>(current: SortState<K>, key: K): SortState<K> {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: 'asc' };
}

/** The CSS grid tracks for a set of columns. */
export function gridTemplate(columns: readonly Column<string>[]): string {
  return columns.map((c) => (c.grow ? `minmax(${c.minWidth}px, ${c.grow}fr)` : `${c.minWidth}px`)).join(' ');
}

export function tableMinWidth(columns: readonly Column<string>[]): number {
  return columns.reduce((sum, c) => sum + c.minWidth, 0);
}
