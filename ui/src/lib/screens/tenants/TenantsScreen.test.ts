import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TenantList } from '../../bindings/TenantList';
import type { TenantRow } from '../../bindings/TenantRow';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return { ...actual, listTenants: vi.fn(), deleteTenant: vi.fn(), appInfo: vi.fn(), updateTenant: vi.fn() };
});

import { ApiFailure, appInfo, deleteTenant, listTenants, updateTenant } from '../../api';
import type { AppInfo } from '../../bindings/AppInfo';
import { tenantRow } from './tenantRow.fixture';
import TenantsScreen from './TenantsScreen.svelte';

const list = vi.mocked(listTenants);
const remove = vi.mocked(deleteTenant);
const info = vi.mocked(appInfo);
const update = vi.mocked(updateTenant);

function inMode(mode: 'live' | 'sandbox') {
  info.mockResolvedValue({ mode } as AppInfo);
}

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
    update.mockReset();
    inMode('sandbox');
  });

  it('shows the empty state when there are no customers', async () => {
    list.mockResolvedValue(listOf([]));
    render(TenantsScreen);
    const empty = await screen.findByTestId('tenants-empty');
    expect(empty.textContent).toContain('No customers yet');
  });

  it('greets a first live start with "Connect your first customer" and its add action', async () => {
    inMode('live');
    list.mockResolvedValue(listOf([]));
    render(TenantsScreen);
    const greeting = await screen.findByTestId('tenants-greeting');
    expect(greeting.textContent).toContain('Connect your first customer');
    expect(screen.queryByTestId('tenants-empty')).toBeNull();
    await fireEvent.click(screen.getByTestId('tenants-greeting-add'));
    expect(screen.getByTestId('tenant-form')).toBeTruthy();
  });

  it('edits every field, offering only the licence changes the rules allow', async () => {
    list.mockResolvedValue(listOf([tenant(1, 'acme')]));
    render(TenantsScreen);
    await fireEvent.click(await screen.findByTestId('tenant-edit-acme'));
    const licences = Array.from(
      (screen.getByTestId('edit-licenceType') as HTMLSelectElement).options,
      (o) => o.value,
    );
    expect(licences).toEqual(['hostedPro', 'hostedEssentialsPlus']);

    update.mockRejectedValueOnce(
      new ApiFailure('validation', 'Check the fields.', [
        { field: 'adminDomain', code: 'adminDomain.invalid', message: 'Not an initial domain.' },
      ]),
    );
    await fireEvent.input(screen.getByTestId('edit-adminDomain'), { target: { value: 'acme.com' } });
    await fireEvent.click(screen.getByTestId('tenant-edit-save'));
    expect((await screen.findByTestId('edit-error-adminDomain')).textContent).toContain('Not an initial domain.');

    update.mockResolvedValueOnce(tenant(1, 'acme'));
    await fireEvent.input(screen.getByTestId('edit-azureTenantId'), {
      target: { value: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    });
    await fireEvent.change(screen.getByTestId('edit-cloud'), { target: { value: 'dod' } });
    await fireEvent.input(screen.getByTestId('edit-adminDomain'), { target: { value: 'acme.onmicrosoft.us' } });
    await fireEvent.click(screen.getByTestId('tenant-edit-save'));
    await waitFor(() => expect(screen.queryByTestId('tenant-edit-dialog')).toBeNull());
    expect(update).toHaveBeenLastCalledWith(1, {
      fullName: 'acme Ltd',
      azureTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      adminDomain: 'acme.onmicrosoft.us',
      cloud: 'dod',
      licenceType: 'hostedPro',
      licensedUsers: 10,
    });
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
