import { describe, expect, it, vi } from 'vitest';
import { ApiFailure } from './api';
import { loadOrFailure } from './load';

describe('loadOrFailure', () => {
  it('keeps the value read and reports no failure', async () => {
    const keep = vi.fn();
    const failure = await loadOrFailure(async () => ['sbc-1', 'sbc-2'], 'list_sbcs', keep);
    expect(failure).toBeNull();
    expect(keep).toHaveBeenCalledWith(['sbc-1', 'sbc-2']);
  });

  it('returns the backend failure as it came and keeps nothing', async () => {
    const keep = vi.fn();
    const refused = new ApiFailure('storage', 'The cache could not be read.');
    const failure = await loadOrFailure(() => Promise.reject(refused), 'list_sbcs', keep);
    expect(failure).toBe(refused);
    expect(keep).not.toHaveBeenCalled();
  });

  it('names the command when the error is not the backend’s', async () => {
    const failure = await loadOrFailure(() => Promise.reject(new Error('boom')), 'list_templates', vi.fn());
    expect(failure?.message).toBe("The backend call 'list_templates' failed: boom");
  });
});
