import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../bindings/SettingsView';
import { draftOf, isChanged, parseCycle, saveEffect } from './settingsForm';

const view: SettingsView = {
  mode: 'sandbox',
  replicationCycleMinutes: 5,
  worldDir: '/data/sandbox',
  keychainService: 'Switchboard-dev-sandbox',
  problem: null,
};

describe('settings form', () => {
  it('accepts whole minutes within a day only', () => {
    expect(parseCycle(' 15 ')).toEqual({ minutes: 15 });
    expect(parseCycle('1440')).toEqual({ minutes: 1440 });
    for (const bad of ['0', '1441', '2.5', '', 'five', '-3']) {
      expect(parseCycle(bad)).toHaveProperty('problem');
    }
  });

  it('knows when nothing changed', () => {
    expect(isChanged(view, draftOf(view))).toBe(false);
    expect(isChanged(view, { mode: 'live', cycleMinutes: '5' })).toBe(true);
    expect(isChanged(view, { mode: 'sandbox', cycleMinutes: '10' })).toBe(true);
    expect(isChanged(view, { mode: 'sandbox', cycleMinutes: 'x' })).toBe(false);
  });

  it('says a world switch closes one world and opens the other', () => {
    expect(saveEffect(view, { mode: 'live', cycleMinutes: '5' })).toMatch(/closes the sandbox world and opens the live one/);
    expect(saveEffect(view, { mode: 'sandbox', cycleMinutes: '9' })).toMatch(/new cycle/);
  });
});
