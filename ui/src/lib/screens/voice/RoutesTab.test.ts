import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { VoiceRoute } from '../../bindings/VoiceRoute';
import type { VoiceView } from '../../bindings/VoiceView';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return { ...actual, checkVoicePattern: vi.fn() };
});

import { ApiFailure, checkVoicePattern } from '../../api';
import RoutesTab from './RoutesTab.svelte';

const check = vi.mocked(checkVoicePattern);

function route(name: string, priority: number, numberPattern = '.*'): VoiceRoute {
  return { name, priority, numberPattern, gateways: ['sbc.contoso.com'], usages: ['GB-National'], description: '' };
}

function view(): VoiceView {
  return {
    tenantId: 1,
    tenantName: 'contoso',
    readAt: new Date().toISOString(),
    readError: null,
    config: {
      gateways: [
        {
          fqdn: 'sbc.contoso.com',
          sipSignalingPort: 5061,
          enabled: true,
          maxConcurrentSessions: null,
          mediaBypass: false,
          forwardPai: false,
          forwardCallHistory: false,
          lbrEnabled: false,
          siteId: null,
          description: '',
        },
      ],
      usages: ['GB-National', 'Unrestricted'],
      routes: [route('Unrestricted', 1), route('GB-National', 0, '^\\+44\\d+$')],
      policies: [],
      dialPlans: [],
      callingPolicies: [],
      regions: [],
      sites: [],
      subnets: [],
      trustedIps: [],
    },
    usages: [],
    holders: [],
    pending: [
      { taskId: 4, state: 'queued', change: { op: 'editRoute', route: route('Unrestricted', 1) }, kind: 'route', verb: 'edit', name: 'Unrestricted', summary: 'Edit' },
      { taskId: 5, state: 'executing', change: { op: 'addRoute', route: route('London', 0, '^\\+4420\\d+$') }, kind: 'route', verb: 'add', name: 'London', summary: 'Add' },
    ],
  };
}

describe('RoutesTab', () => {
  beforeEach(() => {
    check.mockReset();
    // The backend's answer for the patterns the tests type.
    check.mockImplementation(async (pattern: string) =>
      pattern.includes('(') && !pattern.includes(')') ? { valid: false, message: 'The pattern has an unclosed group.' } : { valid: true, message: null },
    );
  });

  it('lists routes by priority, badges queued changes and greys a route being added', () => {
    render(RoutesTab, { view: view(), prepare: vi.fn() });
    const rows = screen.getAllByTestId(/^voice-route-row-/).map((r) => r.dataset.testid);
    expect(rows).toEqual(['voice-route-row-GB-National', 'voice-route-row-Unrestricted', 'voice-route-row-London']);
    expect(screen.getByTestId('voice-route-badge-Unrestricted').textContent).toBe('Queued: Edit');
    expect(screen.getByTestId('voice-route-badge-London').textContent).toBe('Queued: New');
    expect(screen.getByTestId('voice-route-row-London').className).toContain('pending-add');
    expect(screen.queryByTestId('voice-route-badge-GB-National')).toBeNull();
  });

  it('moves a route down by asking for the next priority', async () => {
    const prepare = vi.fn().mockResolvedValue(null);
    render(RoutesTab, { view: view(), prepare });
    expect((screen.getByTestId('voice-route-up-GB-National') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('voice-route-down-GB-National'));
    expect(prepare).toHaveBeenCalledWith({ op: 'editRoute', route: route('GB-National', 1, '^\\+44\\d+$') }, 'Move route GB-National down');
  });

  it('waits for a valid pattern and keeps the dialog open with a refusal', async () => {
    const prepare = vi.fn().mockResolvedValue(new ApiFailure('voice.exists', "A voice route named 'London' exists already."));
    render(RoutesTab, { view: view(), prepare });
    await fireEvent.click(screen.getByTestId('voice-route-add'));
    await fireEvent.input(screen.getByTestId('voice-route-name'), { target: { value: 'London' } });
    const pattern = screen.getByTestId('voice-route-pattern');
    await fireEvent.input(pattern, { target: { value: '^\\+(4420' } });
    await waitFor(() => expect(screen.getByTestId('voice-route-pattern-message').textContent).toContain('unclosed group'));
    const save = screen.getByTestId('voice-dialog-save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    await fireEvent.input(pattern, { target: { value: '^\\+4420\\d+$' } });
    await waitFor(() => expect(save.disabled).toBe(false));
    await fireEvent.change(screen.getByTestId('voice-route-usages-add'), { target: { value: 'GB-National' } });
    await fireEvent.click(save);
    await waitFor(() => expect(screen.getByTestId('voice-dialog-error').textContent).toContain('exists already'));
    expect(prepare).toHaveBeenCalledWith(
      { op: 'addRoute', route: { name: 'London', priority: 2, numberPattern: '^\\+4420\\d+$', gateways: [], usages: ['GB-National'], description: '' } },
      'Add a voice route',
    );
    expect(screen.getByTestId('voice-route-dialog')).toBeTruthy();
  });
});
