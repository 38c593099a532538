import { describe, expect, it } from 'vitest';
import type { TemplateRow } from '../../bindings/TemplateRow';
import { authorLabel, currentVersionLabel, filterTemplates, versionsLabel } from './templateList';

function row(id: string, kind: TemplateRow['kind']): TemplateRow {
  return {
    id,
    name: id,
    description: '',
    kind,
    scriptType: 'onboarding',
    isDefault: true,
    currentVersion: 1,
    latestVersion: 1,
    latestIsDraft: false,
    versionCount: 1,
    lastChanged: '2026-11-23T07:00:00.000Z',
    differsFromDefault: false,
  };
}

describe('templateList', () => {
  const rows = [row('a', 'sbc'), row('b', 'm365'), row('c', 'sbc')];

  it('filters by kind and keeps everything for "all"', () => {
    expect(filterTemplates(rows, 'all').map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(filterTemplates(rows, 'sbc').map((r) => r.id)).toEqual(['a', 'c']);
    expect(filterTemplates(rows, 'm365').map((r) => r.id)).toEqual(['b']);
  });

  it('counts versions in words', () => {
    expect(versionsLabel(1)).toBe('1 version');
    expect(versionsLabel(3)).toBe('3 versions');
  });

  it('says when a draft is pending or nothing can run yet', () => {
    expect(currentVersionLabel({ currentVersion: 2, latestVersion: 2, latestIsDraft: false })).toBe('v2');
    expect(currentVersionLabel({ currentVersion: 2, latestVersion: 3, latestIsDraft: true })).toBe(
      'v2 (draft v3 pending)',
    );
    expect(currentVersionLabel({ currentVersion: null, latestVersion: 1, latestIsDraft: true })).toBe(
      'draft only (v1)',
    );
  });

  it('names Switchboard as the author of shipped versions', () => {
    expect(authorLabel(null)).toBe('Switchboard (shipped)');
    expect(authorLabel('alice')).toBe('alice');
  });
});
