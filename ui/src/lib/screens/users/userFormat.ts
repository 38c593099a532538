// How the Users screen shows numbers, and what it tells the user a search will match.

/** Mirrors the backend: fewer digits than this is searched as a name. */
const MIN_NUMBER_DIGITS = 3;

/** The digits a search looks for when it reads as a phone number, else `null`. */
export function numberSearchDigits(search: string): string | null {
  const text = search.trim().replace(/^tel:/i, '');
  if (!/^[\d\s+\-().]*$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length >= MIN_NUMBER_DIGITS ? digits : null;
}

/** One line under the search box saying how the text is being searched. */
export function searchHint(search: string): string {
  const digits = numberSearchDigits(search);
  if (digits !== null) return `Numbers starting or ending with ${digits}`;
  if (search.trim() === '') return 'Search by name, UPN, surname or number';
  return 'Names, UPNs and surnames starting with the text';
}

/** `tel:+442079460018;ext=12` → `+442079460018 ext. 12`; other parameters are left out. */
export function formatLineUri(lineUri: string | null): string {
  if (lineUri === null || lineUri.trim() === '') return '';
  const [number, ...params] = lineUri.trim().replace(/^tel:/i, '').split(';');
  const ext = params.find((p) => p.toLowerCase().startsWith('ext='));
  return ext === undefined ? number : `${number} ext. ${ext.slice(4)}`;
}

