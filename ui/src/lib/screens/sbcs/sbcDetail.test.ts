import { describe, expect, it } from 'vitest';
import type { ImportCandidateView } from '../../bindings/ImportCandidateView';
import type { SbcAlarmView } from '../../bindings/SbcAlarmView';
import type { SbcPrefix } from '../../bindings/SbcPrefix';
import {
  candidateKey,
  chosenRules,
  dialPlansOf,
  deploymentLabel,
  filterPrefixes,
  importBlocker,
  importSelection,
  importSummary,
  prefixLines,
  ruleKey,
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

describe('prefixes, sites and alarms', () => {
  it('filters prefixes on any column, ignoring case', () => {
    const rules = [rule({}), rule({ ruleName: 'Brightwater', prefix: '+4420', tag: 'gw.bright.example' })];
    expect(filterPrefixes(rules, 'BRIGHT').map((r) => r.ruleName)).toEqual(['Brightwater']);
    expect(filterPrefixes(rules, '+3120')).toHaveLength(1);
    expect(filterPrefixes(rules, '  ')).toHaveLength(2);
  });

  it('offers each dial plan of the cached rules once, sorted', () => {
    const rules = [rule({ dialPlan: 'Zeta' }), rule({ dialPlan: 'Alpha' }), rule({ dialPlan: 'Zeta' })];
    expect(dialPlansOf(rules)).toEqual(['Alpha', 'Zeta']);
  });

  it('reads one prefix per line, skipping blank lines', () => {
    expect(prefixLines(' +4420 \r\n\n+4421\n  ')).toEqual(['+4420', '+4421']);
  });

  it('removes only chosen rules that have an index, in list order', () => {
    const rules = [rule({ dialPlan: 'A', ruleIndex: 2 }), rule({ dialPlan: 'A', ruleIndex: null }), rule({ dialPlan: 'B', ruleIndex: 0 })];
    expect(ruleKey(rules[1])).toBeNull();
    const chosen = new Set([ruleKey(rules[2]), ruleKey(rules[0])].filter((k): k is string => k !== null));
    expect(chosenRules(rules, chosen)).toEqual([
      { dialPlan: 'A', index: 2 },
      { dialPlan: 'B', index: 0 },
    ]);
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
