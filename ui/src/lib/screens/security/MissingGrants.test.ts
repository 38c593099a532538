import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ConnectionCapabilities } from '../../bindings/ConnectionCapabilities';
import MissingGrants from './MissingGrants.svelte';

function caps(over: Partial<ConnectionCapabilities>): ConnectionCapabilities {
  return { roles: [], permissions: [], missing: [], rolesUnreadable: null, ...over };
}

describe('MissingGrants', () => {
  it('names each missing role or permission and what it blocks', () => {
    render(MissingGrants, {
      capabilities: caps({
        missing: [
          { kind: 'role', name: 'Skype for Business Administrator', blocks: 'daily replication' },
          { kind: 'permission', name: 'Domain.ReadWrite.All', blocks: 'automatic DNS' },
        ],
      }),
      testId: 'missing',
    });
    const items = screen.getAllByTestId('missing-item').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      'Missing role Skype for Business Administrator: blocks daily replication.',
      'Missing permission Domain.ReadWrite.All: blocks automatic DNS.',
    ]);
  });

  it('shows nothing when nothing is missing, and says when the roles could not be read', () => {
    const { unmount } = render(MissingGrants, { capabilities: caps({}), testId: 'missing' });
    expect(screen.queryByTestId('missing')).toBeNull();
    unmount();
    render(MissingGrants, { capabilities: caps({ rolesUnreadable: 'Forbidden.' }), testId: 'missing' });
    expect(screen.getByTestId('missing').textContent).toContain('could not be read: Forbidden.');
  });
});
