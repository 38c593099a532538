import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ErrorRetry from './ErrorRetry.svelte';

describe('ErrorRetry', () => {
  it('shows the failure as an alert and loads again on "Try again"', async () => {
    const onRetry = vi.fn();
    render(ErrorRetry, {
      props: { message: 'The cache could not be read.', testId: 'sbcs-error', retryTestId: 'sbcs-retry', onRetry },
    });
    const banner = screen.getByTestId('sbcs-error');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('The cache could not be read.');
    await fireEvent.click(screen.getByTestId('sbcs-retry'));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
