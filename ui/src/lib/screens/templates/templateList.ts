// The templates list: labels, the kind filter and the history link text.
import type { ScriptType } from '../../bindings/ScriptType';
import type { TemplateKind } from '../../bindings/TemplateKind';
import type { TemplateRow } from '../../bindings/TemplateRow';

export type KindFilter = 'all' | TemplateKind;

export const KIND_FILTERS: readonly { value: KindFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'sbc', label: 'SBC' },
  { value: 'm365', label: 'M365' },
];

export const KIND_LABELS: Record<TemplateKind, string> = {
  sbc: 'SBC CLI',
  m365: 'M365 PowerShell',
};

export const TYPE_LABELS: Record<ScriptType, string> = {
  onboarding: 'Onboarding',
  cleanup: 'Cleanup',
  'add-prefix': 'Add prefix',
  'remove-prefix': 'Remove prefix',
  'add-ip-pbx-user': 'Add IP-PBX user',
};

export function filterTemplates(rows: readonly TemplateRow[], filter: KindFilter): TemplateRow[] {
  return filter === 'all' ? [...rows] : rows.filter((row) => row.kind === filter);
}

/** "1 version", "3 versions". */
export function versionsLabel(count: number): string {
  return count === 1 ? '1 version' : `${count} versions`;
}

/** "v3", "v3 (draft v4 pending)", or "draft only" when nothing is executable yet. */
export function currentVersionLabel(row: Pick<TemplateRow, 'currentVersion' | 'latestVersion' | 'latestIsDraft'>): string {
  if (row.currentVersion === null) return `draft only (v${row.latestVersion})`;
  if (row.latestIsDraft) return `v${row.currentVersion} (draft v${row.latestVersion} pending)`;
  return `v${row.currentVersion}`;
}

/** Who wrote a version: versions without an author came with Switchboard. */
export function authorLabel(author: string | null): string {
  return author ?? 'Switchboard (shipped)';
}
