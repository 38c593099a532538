// The queue's `queue-changed` events, which the backend sends on every task state change:
// screens re-read what they show when the queue moved, instead of polling.
import { listen } from '@tauri-apps/api/event';
import { debounce } from './debounce';
import { backendReachable, toApiFailure } from './ipc';
import { notifications } from './notifications.svelte';

const QUEUE_EVENT = 'queue-changed';
/** A burst of changes (a chain of tasks finishing) becomes one re-read. */
const SETTLE_MS = 150;

/**
 * Calls `onChange` shortly after the queue changed; returns the function that stops
 * listening. Outside the app window there are no events, and nothing is called.
 */
export function followQueue(onChange: () => void): () => void {
  if (!backendReachable()) return () => {};
  const settled = debounce(onChange, SETTLE_MS);
  let stopped = false;
  let unlisten: (() => void) | undefined;
  listen(QUEUE_EVENT, () => settled())
    .then((stop) => {
      if (stopped) stop();
      else unlisten = stop;
    })
    // Without the events this screen would silently stop following the queue.
    .catch((error) => notifications.failure(toApiFailure(error, `listen ${QUEUE_EVENT}`)));
  return () => {
    stopped = true;
    settled.cancel();
    unlisten?.();
  };
}
