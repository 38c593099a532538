// App-wide feedback: a short-lived success toast and a sticky error banner.
// Errors stay until dismissed because an operator may be looking elsewhere when they happen.
import { ApiFailure, toApiFailure } from './api';

const TOAST_MS = 4000;

class Notifications {
  toast = $state<string | null>(null);
  error = $state<ApiFailure | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  success(message: string): void {
    this.toast = message;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.toast = null), TOAST_MS);
  }

  failure(error: unknown): void {
    this.error = toApiFailure(error);
  }

  dismissError(): void {
    this.error = null;
  }
}

export const notifications = new Notifications();
