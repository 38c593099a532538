// How the UI reaches the backend: every command goes through the one `rpc` Tauri command,
// and every failure becomes an ApiFailure. The typed functions screens call are generated
// from the Rust command table into `bindings/commands.ts`; `api.ts` exports both.
import { invoke } from '@tauri-apps/api/core';
import type { ErrorCode } from './bindings/ErrorCode';
import type { FieldError } from './bindings/FieldError';

/** Code used when the page runs outside the Switchboard window (no IPC bridge). */
export const BACKEND_UNAVAILABLE = 'backendUnavailable';

/** What a failure's `code` can be: one of the backend's codes, or the bridge missing. */
export type FailureCode = ErrorCode | typeof BACKEND_UNAVAILABLE;

/** A failed backend call, typed so screens can branch on `code` and show `fields` inline. */
export class ApiFailure extends Error {
  readonly code: FailureCode;
  readonly fields: FieldError[];

  constructor(code: FailureCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.fields = fields;
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.field === 'string' && typeof v.code === 'string' && typeof v.message === 'string';
}

/**
 * Turns whatever a rejected `invoke` produced into an ApiFailure.
 * The backend rejects with a serialised ApiError; anything else (a bare string, a JS exception)
 * is an unexpected failure and becomes `internal` with the best message available.
 */
export function toApiFailure(error: unknown, command?: string): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    if (typeof e.code === 'string' && typeof e.message === 'string') {
      const fields = Array.isArray(e.fields) ? e.fields.filter(isFieldError) : [];
      // The backend only sends codes of its closed `ErrorCode` set.
      return new ApiFailure(e.code as ErrorCode, e.message, fields);
    }
  }
  const detail =
    error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const what = command === undefined ? 'An operation' : `The backend call '${command}'`;
  return new ApiFailure('internal', `${what} failed: ${detail}`);
}

/** Whether this page runs inside the Switchboard window (commands and events work). */
export function backendReachable(): boolean {
  // Tauri injects this bridge into its webview; `invoke` cannot work without it.
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** Runs one backend command; the generated functions in `bindings/commands.ts` call this. */
export async function call<T>(command: string, args: Record<string, unknown>): Promise<T> {
  if (!backendReachable()) {
    throw new ApiFailure(
      BACKEND_UNAVAILABLE,
      'The Switchboard backend is not reachable: this page is not running inside the Switchboard app window.',
    );
  }
  try {
    return await invoke<T>('rpc', { command, args });
  } catch (error) {
    throw toApiFailure(error, command);
  }
}
