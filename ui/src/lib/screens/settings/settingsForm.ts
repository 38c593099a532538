// The Settings form's rules that do not need the backend: what a draft is, whether it
// changes anything, and what saving it will do, in words shown before the engineer saves.
import type { Mode } from '../../bindings/Mode';
import type { SettingsView } from '../../bindings/SettingsView';

export const MIN_CYCLE_MINUTES = 1;
export const MAX_CYCLE_MINUTES = 1440;

export interface SettingsDraft {
  mode: Mode;
  cycleMinutes: string;
}

export const MODE_LABELS: Record<Mode, string> = {
  sandbox: 'Sandbox',
  live: 'Live',
};

export function draftOf(view: SettingsView): SettingsDraft {
  return { mode: view.mode, cycleMinutes: String(view.replicationCycleMinutes) };
}

/** The cycle as a whole number of minutes in range, or why it is not one. */
export function parseCycle(text: string): { minutes: number } | { problem: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return { problem: 'Enter a whole number of minutes.' };
  }
  const minutes = Number(trimmed);
  if (minutes < MIN_CYCLE_MINUTES || minutes > MAX_CYCLE_MINUTES) {
    return { problem: `Enter ${MIN_CYCLE_MINUTES} to ${MAX_CYCLE_MINUTES} minutes (a day at most).` };
  }
  return { minutes };
}

export function isChanged(view: SettingsView, draft: SettingsDraft): boolean {
  const cycle = parseCycle(draft.cycleMinutes);
  return draft.mode !== view.mode || ('minutes' in cycle && cycle.minutes !== view.replicationCycleMinutes);
}

/** What pressing Save will do, so a world switch is never a surprise. */
export function saveEffect(view: SettingsView, draft: SettingsDraft): string {
  if (draft.mode !== view.mode) {
    return (
      `Saving closes the ${MODE_LABELS[view.mode].toLowerCase()} world and opens the ${MODE_LABELS[draft.mode].toLowerCase()} one. ` +
      'Running replications stop; nothing stored in either world is lost, and Switchboard starts in this world from now on.'
    );
  }
  return 'Saving restarts replication with the new cycle.';
}
