// Choices for the Users screen's policy and usage-location drop-downs, built from the
// `user_facets` counts.

/** One `<option>`: `value` is what the query sends, `label` what the user reads. */
export interface FacetOption {
  value: string;
  label: string;
}

/**
 * Options for one facet. A chosen value the new counts no longer list (the customer
 * changed, or a sync removed its last user) stays as a "0 users" option, so the select
 * keeps showing the filter that is actually applied instead of silently jumping to Any.
 */
export function facetOptions(counts: readonly [string, number][], chosen: string): FacetOption[] {
  const numbers = new Intl.NumberFormat();
  const options = counts.map(([value, count]) => ({ value, label: `${value} (${numbers.format(count)})` }));
  if (chosen !== '' && !counts.some(([value]) => value === chosen)) {
    options.unshift({ value: chosen, label: `${chosen} (0)` });
  }
  return options;
}
