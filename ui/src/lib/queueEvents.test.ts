import { describe, expect, it, vi } from 'vitest';
import { notifications } from './notifications.svelte';
import { followQueue } from './queueEvents';

describe('followQueue', () => {
  it('does not try to listen outside the app window, where no events come', async () => {
    notifications.dismissError();
    const onChange = vi.fn();
    const stop = followQueue(onChange);
    // A listen attempt without the bridge would fail and raise the error banner.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(notifications.error).toBeNull();
    stop();
    expect(onChange).not.toHaveBeenCalled();
  });
});
