import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TenantList } from '../../bindings/TenantList';
import type { UserDetailView } from '../../bindings/UserDetailView';
import type { UserRowView } from '../../bindings/UserRowView';
import type { UsersPageView } from '../../bindings/UsersPageView';
import type { UsersQueryInput } from '../../bindings/UsersQueryInput';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return { ...actual, listTenants: vi.fn(), queryUsers: vi.fn(), userDetail: vi.fn(), userFacets: vi.fn() };
});

import { listTenants, queryUsers, userDetail, userFacets } from '../../api';
import UsersScreen from './UsersScreen.svelte';

const tenants = vi.mocked(listTenants);
const query = vi.mocked(queryUsers);
const detail = vi.mocked(userDetail);
const facets = vi.mocked(userFacets);

const SYNCED = new Date(Date.now() - 5 * 60_000).toISOString();

function row(i: number): UserRowView {
  return {
    tenantId: 1,
    tenantShortName: 'contoso',
    objectId: `obj-${i}`,
    displayName: `User ${String(i).padStart(4, '0')}`,
    upn: `user${i}@contoso.com`,
    lineUri: `tel:+4420794${String(i).padStart(5, '0')}`,
    enterpriseVoice: true,
    voiceRoutingPolicy: 'UK-Intl',
    tenantDialPlan: null,
    usageLocation: 'GB',
    licences: ['MCOEV'],
    department: null,
    syncedAt: SYNCED,
  };
}

/** A backend of `count` users whose cursor is the index of the next row. */
function serve(count: number) {
  query.mockImplementation(async (input: UsersQueryInput): Promise<UsersPageView> => {
    const start = input.cursor === null ? 0 : Number(input.cursor);
    const end = Math.min(count, start + input.limit);
    const users = Array.from({ length: end - start }, (_, i) => row(start + i));
    return { users, total: count, nextCursor: end < count ? String(end) : null };
  });
}

describe('UsersScreen', () => {
  beforeEach(() => {
    tenants.mockReset();
    query.mockReset();
    detail.mockReset();
    facets.mockReset();
    facets.mockResolvedValue({
      voiceRoutingPolicies: [
        ['UK-Intl', 12],
        ['UK-National', 3],
      ],
      usageLocations: [['GB', 15]],
    });
    tenants.mockResolvedValue({ tenants: [], totals: { tenants: 0, users: 0, licensedUsers: 0 } } as TenantList);
  });

  it('says honestly that nothing is cached yet', async () => {
    serve(0);
    render(UsersScreen);
    const empty = await screen.findByTestId('users-empty');
    expect(empty.textContent).toContain('No users cached yet. Users appear after a tenant is replicated.');
  });

  it('loads one page, shows the total and fetches the next page by cursor when scrolled', async () => {
    serve(250);
    render(UsersScreen);
    await screen.findByTestId('user-row-user0@contoso.com');
    expect(screen.getByTestId('users-total').textContent).toContain('250');
    expect(query).toHaveBeenCalledTimes(1);
    expect(query.mock.calls[0][0]).toMatchObject({
      cursor: null,
      limit: 100,
      sort: 'displayName',
      descending: false,
      hasNumber: null,
    });

    const table = screen.getByTestId('users-table');
    Object.defineProperty(table, 'scrollTop', { configurable: true, value: 150 * 44 });
    await fireEvent.scroll(table);
    await screen.findByTestId('user-row-user150@contoso.com');
    expect(query.mock.calls.map((c) => c[0].cursor)).toEqual([null, '100']);
    expect(document.querySelectorAll('[data-testid^="user-row-"]').length).toBeLessThan(40);
  });

  it('searches as the user types, starting again from the first page', async () => {
    serve(250);
    render(UsersScreen);
    await screen.findByTestId('user-row-user0@contoso.com');
    await fireEvent.input(screen.getByTestId('users-search'), { target: { value: '+44 20 7946' } });
    await waitFor(() => expect(query.mock.calls.some((c) => c[0].search === '+44 20 7946')).toBe(true));
    const last = query.mock.calls[query.mock.calls.length - 1][0];
    expect(last.cursor).toBeNull();
    expect(screen.getByText('Numbers starting or ending with 44207946')).toBeTruthy();
  });

  it('sorts by number on a header click', async () => {
    serve(10);
    render(UsersScreen);
    await screen.findByTestId('user-row-user0@contoso.com');
    await fireEvent.click(screen.getByTestId('users-table-sort-number'));
    await waitFor(() => expect(query.mock.calls.some((c) => c[0].sort === 'phoneNumber')).toBe(true));
    expect(query.mock.calls[query.mock.calls.length - 1][0].descending).toBe(false);
  });

  it('flips to descending on a second click of the sorted header', async () => {
    serve(10);
    render(UsersScreen);
    await screen.findByTestId('user-row-user0@contoso.com');
    await fireEvent.click(screen.getByTestId('users-table-sort-displayName'));
    await waitFor(() => expect(query.mock.calls.some((c) => c[0].descending === true)).toBe(true));
    const last = query.mock.calls[query.mock.calls.length - 1][0];
    expect(last).toMatchObject({ sort: 'displayName', descending: true, cursor: null });
  });

  it('offers the cached policies and locations with counts, and filters by them and by number', async () => {
    serve(10);
    render(UsersScreen);
    await screen.findByTestId('user-row-user0@contoso.com');
    expect(facets).toHaveBeenCalledWith(null);
    const policy = screen.getByTestId('users-filter-policy') as HTMLSelectElement;
    await waitFor(() => expect(policy.options.length).toBe(3));
    expect([...policy.options].map((o) => o.textContent)).toEqual(['Any', 'UK-Intl (12)', 'UK-National (3)']);

    await fireEvent.change(policy, { target: { value: 'UK-National' } });
    await waitFor(() => expect(query.mock.calls.some((c) => c[0].voiceRoutingPolicy === 'UK-National')).toBe(true));
    await fireEvent.change(screen.getByTestId('users-filter-location'), { target: { value: 'GB' } });
    await waitFor(() => expect(query.mock.calls.some((c) => c[0].usageLocation === 'GB')).toBe(true));

    const number = screen.getByTestId('users-filter-number') as HTMLSelectElement;
    expect(number.disabled).toBe(false);
    await fireEvent.change(number, { target: { value: 'no' } });
    await waitFor(() => expect(query.mock.calls.some((c) => c[0].hasNumber === false)).toBe(true));
    expect(query.mock.calls[query.mock.calls.length - 1][0]).toMatchObject({
      voiceRoutingPolicy: 'UK-National',
      usageLocation: 'GB',
      hasNumber: false,
      cursor: null,
    });
  });

  it('reloads the filter choices for the chosen customer', async () => {
    serve(3);
    tenants.mockResolvedValue({
      tenants: [{ id: 4, shortName: 'contoso' }],
      totals: { tenants: 1, users: 3, licensedUsers: 10 },
    } as TenantList);
    render(UsersScreen);
    await screen.findByTestId('user-row-user0@contoso.com');
    const picker = screen.getByTestId('users-tenant') as HTMLSelectElement;
    await waitFor(() => expect(picker.options.length).toBe(2));
    await fireEvent.change(picker, { target: { value: '4' } });
    await waitFor(() => expect(facets).toHaveBeenLastCalledWith(4));
    expect(query.mock.calls[query.mock.calls.length - 1][0]).toMatchObject({ tenantId: 4, cursor: null });
  });

  it('opens the detail panel on a row click with the sync time', async () => {
    serve(3);
    const full: UserDetailView = {
      ...row(1),
      id: 7,
      sipAddress: 'sip:user1@contoso.com',
      givenName: 'User',
      surname: 'One',
      city: 'London',
      userType: 'TeamsOnly',
      featureTypes: ['PhoneSystem'],
      callingPolicy: null,
      policies: { TeamsMeetingPolicy: 'Default' },
      accountEnabled: true,
      sourceModifiedAt: null,
      groups: ['Sales', 'Voice users'],
      confirmedAt: null,
      onlinePstnGateways: ['sbc1.contoso.com', 'sbc2.contoso.com'],
      siteLocation: 'Leeds',
    };
    detail.mockResolvedValue(full);
    render(UsersScreen);
    await fireEvent.click(await screen.findByTestId('user-row-user1@contoso.com'));
    const panel = await screen.findByTestId('user-detail');
    expect(detail).toHaveBeenCalledWith(1, 'obj-1');
    await waitFor(() => expect(panel.textContent).toContain('synced 5 min ago'));
    expect(panel.textContent).toContain('TeamsMeetingPolicy');
    expect(panel.textContent).toContain('London');
    expect(panel.textContent).toContain('Sales, Voice users');
    expect(panel.textContent).toContain('sbc1.contoso.com, sbc2.contoso.com');
    expect(panel.textContent).toContain('Leeds');
    await fireEvent.click(screen.getByTestId('user-detail-close'));
    expect(screen.queryByTestId('user-detail')).toBeNull();
  });
});
