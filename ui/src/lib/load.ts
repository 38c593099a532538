// One backend read behind a screen or tab: the value goes where the screen keeps it, a failure
// comes back to be shown (with "Try again", which simply loads again).
import { toApiFailure, type ApiFailure } from './api';

/** Reads once; hands the value to `keep` and returns null, or returns why it failed. */
export async function loadOrFailure<T>(
  read: () => Promise<T>,
  command: string,
  keep: (value: T) => void,
): Promise<ApiFailure | null> {
  try {
    keep(await read());
    return null;
  } catch (error) {
    return toApiFailure(error, command);
  }
}
