import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import TabBar from './TabBar.svelte';

describe('TabBar', () => {
  it('marks the selected tab and reports the one clicked', async () => {
    const onSelect = vi.fn();
    render(TabBar, {
      props: {
        tabs: [
          { id: 'sites', label: 'Sites' },
          { id: 'alarms', label: 'Alarms' },
        ],
        selected: 'sites',
        testIdPrefix: 'sbc-tab-',
        onSelect,
      },
    });
    expect(screen.getByTestId('sbc-tab-sites').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('sbc-tab-alarms').getAttribute('aria-selected')).toBe('false');
    expect(screen.getByTestId('sbc-tab-alarms').textContent?.trim()).toBe('Alarms');
    await fireEvent.click(screen.getByTestId('sbc-tab-alarms'));
    expect(onSelect).toHaveBeenCalledWith('alarms');
  });
});
