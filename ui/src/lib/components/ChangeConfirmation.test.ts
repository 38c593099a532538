import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { confirmChange, discardChange, taskDetail } from '../api';
import type { TaskDetail } from '../bindings/TaskDetail';
import type { TaskState } from '../bindings/TaskState';
import { taskRow } from '../taskRow.fixture';
import ChangeConfirmation from './ChangeConfirmation.svelte';

vi.mock('../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api')>();
  return { ...actual, confirmChange: vi.fn(), discardChange: vi.fn(), taskDetail: vi.fn() };
});

function task(state: TaskState, over: Partial<TaskDetail['row']> = {}): TaskDetail {
  return {
    dryRun: 'SBC: sbc-lon-01 (10.0.0.1)\nSave the configuration to flash: yes, after the script\n\nconfigure voip',
    output: null,
    row: taskRow({ state, ...over }),
  };
}

function renderDialog() {
  const onClose = vi.fn();
  const onSettled = vi.fn();
  render(ChangeConfirmation, { title: 'Run script', change: { tasks: [task('draft')] }, onClose, onSettled });
  return { onClose, onSettled };
}

describe('ChangeConfirmation', () => {
  beforeEach(() => vi.clearAllMocks());

  it('shows the dry-run and discards the draft on cancel', async () => {
    vi.mocked(discardChange).mockResolvedValue(undefined);
    const { onClose } = renderDialog();
    expect(screen.getByTestId('change-dry-run-0').textContent).toContain('Save the configuration to flash: yes');
    await fireEvent.click(screen.getByTestId('change-cancel'));
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
    expect(discardChange).toHaveBeenCalledWith(12);
    expect(confirmChange).not.toHaveBeenCalled();
  });

  it('queues on confirm and shows how the task ended, with its reason', async () => {
    vi.mocked(confirmChange).mockResolvedValue(task('queued').row);
    vi.mocked(taskDetail).mockResolvedValue(
      task('failed', { failure: 'permanent', error: 'The SBC rejected line 1 of the script.' }),
    );
    const { onSettled, onClose } = renderDialog();
    await fireEvent.click(screen.getByTestId('change-confirm'));
    await waitFor(() => expect(screen.getByTestId('change-outcome').dataset.outcome).toBe('failed'));
    expect(confirmChange).toHaveBeenCalledWith(12);
    expect(screen.getByTestId('change-error-0').textContent).toContain('rejected line 1');
    expect(onSettled).toHaveBeenCalledTimes(1);
    // Closing after confirming leaves the task alone.
    await fireEvent.click(screen.getByTestId('change-close'));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(discardChange).not.toHaveBeenCalled();
  });
});
