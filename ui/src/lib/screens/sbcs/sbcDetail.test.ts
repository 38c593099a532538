import { describe, expect, it } from 'vitest';
import type { ImportCandidateView } from '../../bindings/ImportCandidateView';
import type { SbcAlarmView } from '../../bindings/SbcAlarmView';
import type { SbcPrefix } from '../../bindings/SbcPrefix';
import {
  candidateKey,
  deploymentLabel,
  filterPrefixes,
  importBlocker,
  importSelection,
  importSummary,
  rejectionHeadline,
  scriptLines,
  sortAlarms,
} from './sbcDetail';

function candidate(overrides: Partial<ImportCandidateView> = {}): ImportCandidateView {
  return {
    dialPlan: 'CustDialPlan',
    ruleName: 'Brightwater',
    shortName: 'Brightwater',
    shortNameProblem: null,
    fullName: 'Brightwater',
    prefixes: ['+44207946[100-199]'],
    tag: 'Trunk=gw.brightwater.example',
    tagKind: 'pstnGateway',
    tagValue: 'gw.brightwater.example',
    prefixProblem: null,
    ...overrides,
  };
}

function rule(overrides: Partial<SbcPrefix>): SbcPrefix {
  return {
    dialPlan: 'CustDialPlan',
    ruleIndex: 0,
    ruleName: 'Acme',
    prefix: '+3120',
    tag: 'gw.acme.example',
    tenantId: null,
    tenantShortName: null,
    syncedAt: null,
    ...overrides,
  };
}

describe('import choices', () => {
  it('sends the derived names unless the person typed others', () => {
    expect(importSelection(candidate(), undefined)).toEqual({
      dialPlan: 'CustDialPlan',
      ruleName: 'Brightwater',
      tag: 'Trunk=gw.brightwater.example',
      shortName: null,
      fullName: 'Brightwater',
    });
    const typed = importSelection(candidate(), { shortName: ' Brightw ', fullName: 'Brightwater Ltd' });
    expect(typed.shortName).toBe('Brightw');
    expect(typed.fullName).toBe('Brightwater Ltd');
    expect(importSelection(candidate(), { shortName: 'Brightwater', fullName: '' }).shortName).toBeNull();
  });

  it('blocks wildcard prefixes and missing short names with their message', () => {
    const wildcard = candidate({ prefixProblem: 'Wildcards (x, n, z, #) are not supported' });
    expect(importBlocker(wildcard, undefined)).toContain('Wildcards');
    const noName = candidate({ shortName: null, shortNameProblem: 'Short name must be at least 3 characters.' });
    expect(importBlocker(noName, undefined)).toBe('Short name must be at least 3 characters.');
    expect(importBlocker(noName, { shortName: 'AB-Tel', fullName: '' })).toBeNull();
    expect(importBlocker(candidate(), undefined)).toBeNull();
  });

  it('keys candidates by dial plan, name and tag', () => {
    expect(candidateKey(candidate())).not.toBe(candidateKey(candidate({ tag: 'Trunk=gw2.example' })));
  });

  it('summarises what the import did', () => {
    expect(importSummary({ created: ['A1x', 'B2y'], linked: ['C3z'], alreadyImported: [] })).toBe(
      'Created A1x, B2y. Added rules to C3z.',
    );
    expect(importSummary({ created: [], linked: [], alreadyImported: [] })).toBe('Nothing was imported.');
  });
});

describe('script lines', () => {
  it('numbers lines from 1 and marks the refused one', () => {
    const lines = scriptLines('configure voip\r\n bogus\nexit', { line: 2, text: 'bogus', reason: 'unknown command' });
    expect(lines.map((l) => l.number)).toEqual([1, 2, 3]);
    expect(lines.filter((l) => l.rejected).map((l) => l.text)).toEqual([' bogus']);
    expect(scriptLines('a\nb', null).some((l) => l.rejected)).toBe(false);
  });

  it('heads the rejection with its line and text', () => {
    expect(rejectionHeadline({ line: 3, text: 'frobnicate now', reason: 'unknown' })).toBe('Line 3: frobnicate now');
    expect(rejectionHeadline({ line: null, text: null, reason: 'the script is incorrect' })).toBe(
      'the script is incorrect',
    );
  });
});

describe('prefixes, sites and alarms', () => {
  it('filters prefixes on any column, ignoring case', () => {
    const rules = [rule({}), rule({ ruleName: 'Brightwater', prefix: '+4420', tag: 'gw.bright.example' })];
    expect(filterPrefixes(rules, 'BRIGHT').map((r) => r.ruleName)).toEqual(['Brightwater']);
    expect(filterPrefixes(rules, '+3120')).toHaveLength(1);
    expect(filterPrefixes(rules, '  ')).toHaveLength(2);
  });

  it('shows a missing deployment state as blank', () => {
    expect(deploymentLabel(null)).toBe('');
    expect(deploymentLabel('deployed')).toBe('Deployed');
  });

  it('sorts alarms by severity, then newest first', () => {
    const alarm = (id: number, severity: string, raisedAt: string | null): SbcAlarmView => ({
      id,
      severity,
      source: 'Board#1',
      description: 'x',
      raisedAt,
      dateText: '',
    });
    const sorted = sortAlarms([
      alarm(1, 'minor', '2026-01-01T00:00:00Z'),
      alarm(2, 'critical', '2026-01-01T00:00:00Z'),
      alarm(3, 'minor', '2026-02-01T00:00:00Z'),
    ]);
    expect(sorted.map((a) => a.id)).toEqual([2, 3, 1]);
  });
});
