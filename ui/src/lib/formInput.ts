// What a form field's value means once the person has typed it, shared by every screen.

/** What the person typed or chose, trimmed; nothing (or no choice) is `null`. */
export function blankToNull(value: string | null | undefined): string | null {
  const text = (value ?? '').trim();
  return text === '' ? null : text;
}
