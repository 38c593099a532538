// Keyset paging for a virtual table: which page to fetch next for the rows in view, and a small
// in-memory window of pages. Only page start cursors are remembered for every page reached, so
// scrolling back re-fetches an evicted page directly instead of walking from the top.

/** One page as the backend returns it. */
export interface Page<T> {
  rows: readonly T[];
  total: number;
  nextCursor: string | null;
}

/** Which page to request and the cursor that starts it (`null` for the first page). */
export interface PageRequest {
  page: number;
  cursor: string | null;
}

export class PagedRows<T> {
  readonly pageSize: number;
  readonly maxPages: number;
  /** Rows matching the query; `null` until the first page arrives. */
  total: number | null = null;
  /** Start cursor of every page reached so far; page 0 starts at the top. */
  private readonly cursors = new Map<number, string | null>([[0, null]]);
  /** Loaded pages, least recently used first (Map keeps insertion order). */
  private readonly pages = new Map<number, readonly T[]>();

  constructor(pageSize: number, maxPages: number) {
    if (!(pageSize >= 1) || !(maxPages >= 1)) throw new RangeError('pageSize and maxPages must be at least 1');
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  /** Pages holding rows `first..=last`, clipped to the known total. */
  pagesFor(first: number, last: number): number[] {
    const end = this.total === null ? Math.max(first, 0) : Math.min(last, this.total - 1);
    if (end < 0 || end < first) return this.total === null ? [0] : [];
    const pages: number[] = [];
    for (let p = Math.floor(Math.max(0, first) / this.pageSize); p <= Math.floor(end / this.pageSize); p++) {
      pages.push(p);
    }
    return pages;
  }

  /**
   * The next request needed to show rows `first..=last`, or `null` when they are all loaded.
   * A page whose start cursor is not known yet (the scrollbar was dragged far down) is reached by
   * walking forward from the nearest known cursor, one page per request.
   */
  nextRequest(first: number, last: number): PageRequest | null {
    const missing = this.pagesFor(first, last).find((p) => !this.pages.has(p));
    if (missing === undefined) return null;
    for (let p = missing; p >= 0; p--) {
      const cursor = this.cursors.get(p);
      if (cursor !== undefined) return { page: p, cursor };
    }
    return { page: 0, cursor: null };
  }

  /** Records a fetched page; evicts least recently used pages, never one listed in `keep`. */
  store(page: number, result: Page<T>, keep: readonly number[] = []): void {
    if (result.nextCursor === null) {
      // The last page fixes where the list ends, even if a sync changed the count meanwhile.
      this.total = page * this.pageSize + result.rows.length;
    } else {
      this.total = result.total;
      this.cursors.set(page + 1, result.nextCursor);
    }
    this.pages.delete(page);
    this.pages.set(page, result.rows);
    for (const old of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) break;
      if (old !== page && !keep.includes(old)) this.pages.delete(old);
    }
  }

  /** The row at `index`, or `undefined` while its page is not loaded. */
  rowAt(index: number): T | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  /** Marks the pages in view as recently used, so eviction picks pages further away. */
  touch(pages: readonly number[]): void {
    for (const p of pages) {
      const rows = this.pages.get(p);
      if (rows === undefined) continue;
      this.pages.delete(p);
      this.pages.set(p, rows);
    }
  }

  get loadedPages(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b);
  }
}
