// What each SBC's last "Test connection" reported during this run of the app. Kept
// outside the SBCs screen, which is re-created whenever it is opened, so the counts
// stay until the next check instead of falling back to N/A.
import type { LiveFacts } from './sbcTable';

class SbcLiveFacts {
  #byId = $state<Record<number, LiveFacts>>({});

  of(id: number): LiveFacts | undefined {
    return this.#byId[id];
  }

  set(id: number, facts: LiveFacts): void {
    this.#byId = { ...this.#byId, [id]: facts };
  }
}

export const sbcLiveFacts = new SbcLiveFacts();
