import { describe, expect, it } from 'vitest';
import { PagedRows, type Page } from './userPages';

/** A fake backend over `count` rows numbered 0.., paged by a cursor that is the next row's index. */
function backend(count: number, pageSize: number) {
  const requests: (string | null)[] = [];
  const fetch = (cursor: string | null): Page<number> => {
    requests.push(cursor);
    const start = cursor === null ? 0 : Number(cursor);
    const rows = Array.from({ length: Math.max(0, Math.min(pageSize, count - start)) }, (_, i) => start + i);
    const next = start + rows.length;
    return { rows, total: count, nextCursor: next < count ? String(next) : null };
  };
  return { fetch, requests };
}

/** Fetches until rows `first..=last` are loaded; returns the pages requested, in order. */
function fill(store: PagedRows<number>, fetch: (c: string | null) => Page<number>, first: number, last: number) {
  const asked: number[] = [];
  for (let guard = 0; guard < 100; guard++) {
    const request = store.nextRequest(first, last);
    if (request === null) return asked;
    asked.push(request.page);
    store.store(request.page, fetch(request.cursor), store.pagesFor(first, last));
  }
  throw new Error('paging did not settle');
}

describe('PagedRows', () => {
  it('asks for the first page before the total is known', () => {
    const store = new PagedRows<number>(10, 3);
    expect(store.nextRequest(0, 20)).toEqual({ page: 0, cursor: null });
    expect(store.rowAt(0)).toBeUndefined();
  });

  it('loads only the pages in view and reads rows by index', () => {
    const { fetch } = backend(95, 10);
    const store = new PagedRows<number>(10, 5);
    expect(fill(store, fetch, 0, 14)).toEqual([0, 1]);
    expect(store.total).toBe(95);
    expect(store.rowAt(14)).toBe(14);
    expect(store.rowAt(20)).toBeUndefined();
  });

  it('pages through every row exactly once when scrolled to the end', () => {
    const { fetch, requests } = backend(95, 10);
    const store = new PagedRows<number>(10, 3);
    const seen: number[] = [];
    for (let first = 0; first < 95; first += 10) {
      fill(store, fetch, first, first + 9);
      for (let i = first; i < Math.min(first + 10, 95); i++) seen.push(store.rowAt(i) as number);
    }
    expect(seen).toEqual(Array.from({ length: 95 }, (_, i) => i));
    expect(requests).toHaveLength(10);
    expect(new Set(requests).size).toBe(10);
    expect(store.nextRequest(90, 200)).toBeNull();
  });

  it('keeps at most maxPages in memory, never dropping the pages in view', () => {
    const { fetch } = backend(1000, 10);
    const store = new PagedRows<number>(10, 3);
    for (let first = 0; first < 200; first += 10) fill(store, fetch, first, first + 15);
    expect(store.loadedPages.length).toBeLessThanOrEqual(3);
    expect(store.loadedPages).toEqual(expect.arrayContaining([19, 20]));
    expect(store.rowAt(0)).toBeUndefined();
  });

  it('re-fetches an evicted page straight from its remembered cursor', () => {
    const { fetch, requests } = backend(1000, 10);
    const store = new PagedRows<number>(10, 2);
    for (let first = 0; first < 100; first += 10) fill(store, fetch, first, first + 9);
    requests.length = 0;
    expect(fill(store, fetch, 30, 39)).toEqual([3]);
    expect(requests).toEqual(['30']);
    expect(store.rowAt(35)).toBe(35);
  });

  it('walks forward from the nearest known cursor after a jump down the list', () => {
    const { fetch } = backend(1000, 10);
    const store = new PagedRows<number>(10, 3);
    fill(store, fetch, 0, 9);
    expect(fill(store, fetch, 50, 59)).toEqual([1, 2, 3, 4, 5]);
    expect(store.rowAt(55)).toBe(55);
    expect(store.loadedPages.length).toBeLessThanOrEqual(3);
  });

  it('lets the last page decide where the list ends when the total was stale', () => {
    const store = new PagedRows<number>(10, 3);
    store.store(0, { rows: [0, 1, 2], total: 50, nextCursor: null });
    expect(store.total).toBe(3);
    expect(store.nextRequest(0, 40)).toBeNull();
  });

  it('shows nothing to fetch for an empty result', () => {
    const store = new PagedRows<number>(10, 3);
    store.store(0, { rows: [], total: 0, nextCursor: null });
    expect(store.total).toBe(0);
    expect(store.nextRequest(0, 20)).toBeNull();
    expect(() => new PagedRows<number>(0, 3)).toThrow(RangeError);
  });
});
