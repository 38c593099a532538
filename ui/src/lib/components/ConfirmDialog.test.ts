import { fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import ConfirmDialog from './ConfirmDialog.svelte';

const body = createRawSnippet(() => ({ render: () => '<p>Delete <strong>ACME</strong>?</p>' }));

function renderDialog(busy = false) {
  const onConfirm = vi.fn();
  const onClose = vi.fn();
  render(ConfirmDialog, {
    props: {
      title: 'Delete customer',
      testId: 'delete-dialog',
      tone: 'danger',
      confirmLabel: 'Delete customer',
      confirmTestId: 'confirm-delete',
      cancelTestId: 'cancel-delete',
      busy,
      onConfirm,
      onClose,
      children: body,
    },
  });
  return { onConfirm, onClose };
}

describe('ConfirmDialog', () => {
  it('shows the body and gives the focus to the cancel button', () => {
    renderDialog();
    expect(screen.getByTestId('delete-dialog').textContent).toContain('Delete ACME?');
    expect(document.activeElement).toBe(screen.getByTestId('cancel-delete'));
  });

  it('confirms with the toned confirm button and cancels with the other', async () => {
    const { onConfirm, onClose } = renderDialog();
    const confirm = screen.getByTestId('confirm-delete');
    expect(confirm.className).toContain('danger');
    await fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('cancel-delete'));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('disables the confirm button while the work runs', () => {
    renderDialog(true);
    expect((screen.getByTestId('confirm-delete') as HTMLButtonElement).disabled).toBe(true);
  });
});
