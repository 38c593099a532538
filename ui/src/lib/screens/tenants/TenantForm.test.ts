import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldError } from '../../bindings/FieldError';
import type { NewTenantInput } from '../../bindings/NewTenantInput';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return { ...actual, validateTenant: vi.fn(), createTenant: vi.fn() };
});

import { ApiFailure, createTenant, validateTenant } from '../../api';
import TenantForm from './TenantForm.svelte';

const validate = vi.mocked(validateTenant);
const create = vi.mocked(createTenant);

/** A stand-in backend rule set: enough to tell whether the form shows what the backend says. */
function fakeRules(input: NewTenantInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.shortName.includes('.'))
    errors.push({ field: 'shortName', code: 'shortName.dot', message: 'Short name cannot contain a dot.' });
  if (input.shortName.length < 3)
    errors.push({ field: 'shortName', code: 'shortName.tooShort', message: 'Short name needs 3 characters.' });
  if (input.fullName.trim() === '')
    errors.push({ field: 'fullName', code: 'fullName.empty', message: 'Full name is required.' });
  return errors;
}

function renderForm() {
  const onCreated = vi.fn();
  render(TenantForm, { onCreated, onCancel: vi.fn() });
  return { onCreated };
}

async function type(testId: string, value: string) {
  await fireEvent.input(screen.getByTestId(testId), { target: { value } });
}

describe('TenantForm', () => {
  beforeEach(() => {
    validate.mockReset().mockImplementation(async (input) => fakeRules(input));
    create.mockReset();
  });

  it('shows the backend message under the field the user typed in, and only there', async () => {
    renderForm();
    await type('field-shortName', 'a.bc');
    const error = await screen.findByTestId('error-shortName');
    expect(error.textContent).toBe('Short name cannot contain a dot.');
    // Full name is still invalid but untouched, so it stays quiet; Save stays disabled.
    expect(screen.queryByTestId('error-fullName')).toBeNull();
    expect((screen.getByTestId('tenant-save') as HTMLButtonElement).disabled).toBe(true);
  });

  it('enables Save once the backend reports no errors, and sends the typed values', async () => {
    const { onCreated } = renderForm();
    await type('field-shortName', 'acme');
    await type('field-fullName', 'Acme Corp');
    await type('field-licensedUsers', '120');
    const save = screen.getByTestId('tenant-save') as HTMLButtonElement;
    await waitFor(() => expect(save.disabled).toBe(false));

    const row = { id: 1, shortName: 'acme' };
    create.mockResolvedValue(row as never);
    await fireEvent.click(save);
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(row));
    expect(create).toHaveBeenCalledWith({
      shortName: 'acme',
      fullName: 'Acme Corp',
      azureTenantId: null,
      licenceType: 'hostedPro',
      licensedUsers: 120,
    });
  });

  it('puts a duplicate short name from create_tenant next to the short name', async () => {
    renderForm();
    await type('field-shortName', 'acme');
    await type('field-fullName', 'Acme Corp');
    const save = screen.getByTestId('tenant-save') as HTMLButtonElement;
    await waitFor(() => expect(save.disabled).toBe(false));

    create.mockRejectedValue(
      new ApiFailure('conflict', "A customer with the short name 'acme' already exists.", [
        { field: 'shortName', code: 'conflict', message: "A customer with the short name 'acme' already exists." },
      ]),
    );
    await fireEvent.click(save);
    const error = await screen.findByTestId('error-shortName');
    expect(error.textContent).toContain('already exists');
    expect(screen.queryByTestId('tenant-form-error')).toBeNull();
  });

  it('shows a failure without fields in the form banner', async () => {
    renderForm();
    await type('field-shortName', 'acme');
    await type('field-fullName', 'Acme Corp');
    const save = screen.getByTestId('tenant-save') as HTMLButtonElement;
    await waitFor(() => expect(save.disabled).toBe(false));

    create.mockRejectedValue(new ApiFailure('storage', 'The customer database is locked.'));
    await fireEvent.click(save);
    const banner = await screen.findByTestId('tenant-form-error');
    expect(banner.textContent).toBe('The customer database is locked.');
  });

  it('disables licensed users and sends 0 for Essentials', async () => {
    renderForm();
    await type('field-licensedUsers', '40');
    const select = screen.getByTestId('field-licenceType') as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'hostedEssentials' } });
    const users = screen.getByTestId('field-licensedUsers') as HTMLInputElement;
    expect(users.disabled).toBe(true);
    expect(users.value).toBe('0');
    await waitFor(() =>
      expect(validate).toHaveBeenLastCalledWith(expect.objectContaining({ licenceType: 'hostedEssentials', licensedUsers: 0 })),
    );
  });
});
