// The SBC list's background status check, for one visit of the list: started when it opens,
// polled while it runs (the list re-reads its rows from the cache whenever another device has
// answered), cancelled when the list is left. Opening the list again starts a newer check,
// which replaces any still running.
import { BACKEND_UNAVAILABLE, cancelSbcStatusCheck, sbcStatusCheck, startSbcStatusCheck, toApiFailure } from '../../api';
import type { SbcStatusCheckView } from '../../bindings/SbcStatusCheckView';
import { notifications } from '../../notifications.svelte';
import { hasNewAnswers } from './statusCheck';

const POLL_MS = 500;

export class SbcStatusCheck {
  view = $state<SbcStatusCheckView | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #left = false;
  #onAnswers: () => void;

  /** `onAnswers` is called whenever more devices have answered, and once at the end. */
  constructor(onAnswers: () => void) {
    this.#onAnswers = onAnswers;
  }

  async start(): Promise<void> {
    const started = await this.#ask(startSbcStatusCheck, 'start_sbc_status_check');
    if (started === null) return;
    if (this.#left) {
      // The list was left while the check was being started.
      void this.#ask(cancelSbcStatusCheck, 'cancel_sbc_status_check');
      return;
    }
    this.#take(started);
  }

  /** The list is left: stop polling and cancel the check if it still runs. */
  leave(): void {
    this.#left = true;
    clearTimeout(this.#timer);
    if (this.view?.running) void this.#ask(cancelSbcStatusCheck, 'cancel_sbc_status_check');
  }

  isChecking(id: number): boolean {
    return this.view?.checking.includes(id) ?? false;
  }

  async #poll(): Promise<void> {
    const next = await this.#ask(sbcStatusCheck, 'sbc_status_check');
    // A newer check (another visit of the list) is not this one's to follow.
    if (next === null || this.#left || next.generation !== this.view?.generation) return;
    this.#take(next);
  }

  #take(next: SbcStatusCheckView): void {
    const answered = hasNewAnswers(this.view, next);
    this.view = next;
    if (answered) this.#onAnswers();
    if (next.running) this.#timer = setTimeout(() => void this.#poll(), POLL_MS);
  }

  async #ask(call: () => Promise<SbcStatusCheckView>, command: string): Promise<SbcStatusCheckView | null> {
    try {
      return await call();
    } catch (error) {
      const failure = toApiFailure(error, command);
      if (failure.code !== BACKEND_UNAVAILABLE) notifications.failure(failure);
      return null;
    }
  }
}
