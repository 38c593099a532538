import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TenantList } from '../../bindings/TenantList';
import type { TenantRow } from '../../bindings/TenantRow';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return { ...actual, listTenants: vi.fn(), deleteTenant: vi.fn() };
});

import { ApiFailure, deleteTenant, listTenants } from '../../api';
import { tenantRow } from './tenantRow.fixture';
import TenantsScreen from './TenantsScreen.svelte';

const list = vi.mocked(listTenants);
const remove = vi.mocked(deleteTenant);

function tenant(id: number, shortName: string): TenantRow {
  return tenantRow(shortName, { id });
}

function listOf(rows: TenantRow[]): TenantList {
  return { tenants: rows, totals: { tenants: rows.length, users: 0, licensedUsers: rows.length * 20 } } as TenantList;
}

describe('TenantsScreen', () => {
  beforeEach(() => {
    list.mockReset();
    remove.mockReset();
  });

  it('shows the empty state when there are no customers', async () => {
    list.mockResolvedValue(listOf([]));
    render(TenantsScreen);
    const empty = await screen.findByTestId('tenants-empty');
    expect(empty.textContent).toContain('No customers yet');
  });

  it('renders only a window of rows out of a thousand, plus totals', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => tenant(i + 1, `cust${String(i).padStart(4, '0')}`));
    list.mockResolvedValue(listOf(rows));
    render(TenantsScreen);
    await screen.findByTestId('tenant-row-cust0000');
    const rendered = document.querySelectorAll('[data-testid^="tenant-row-"]').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(50);
    expect(screen.getByTestId('tenants-totals').textContent).toMatch(/1,000\s*customers/);
    expect(screen.queryByTestId('tenant-row-cust0999')).toBeNull();
  });

  it('shows a load failure with a retry instead of a blank page', async () => {
    list.mockRejectedValueOnce(new ApiFailure('storage', 'The cache file is locked.'));
    render(TenantsScreen);
    const error = await screen.findByTestId('tenants-error');
    expect(error.textContent).toContain('The cache file is locked.');

    list.mockResolvedValue(listOf([tenant(1, 'acme')]));
    await fireEvent.click(screen.getByTestId('tenants-retry'));
    await screen.findByTestId('tenant-row-acme');
  });

  it('deletes after confirmation naming the customer, then reloads', async () => {
    list.mockResolvedValueOnce(listOf([tenant(1, 'acme'), tenant(2, 'globex')]));
    render(TenantsScreen);
    await fireEvent.click(await screen.findByTestId('tenant-delete-acme'));
    expect(screen.getByTestId('delete-customer-name').textContent).toContain('acme');
    expect(screen.getByTestId('delete-dialog').textContent).toContain(
      'deleted from the keychain',
    );

    remove.mockResolvedValue(undefined);
    list.mockResolvedValue(listOf([tenant(2, 'globex')]));
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(screen.queryByTestId('tenant-row-acme')).toBeNull());
    expect(remove).toHaveBeenCalledWith(1);
    expect(screen.queryByTestId('delete-dialog')).toBeNull();
    expect(screen.getByTestId('tenant-row-globex')).toBeTruthy();
  });
});
