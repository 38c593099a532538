import { describe, expect, it } from 'vitest';
import { draftFromRow, emptySbcDraft, parsePort, plainHttpConfirmed, sbcMessages, toSbcInput } from './sbcForm';
import { sbcRow } from './sbcRow.fixture';

const row = sbcRow({ id: 3, port: 8443, natIp: '192.0.2.1' });

describe('parsePort', () => {
  it('treats blank as the default port and accepts 1..65535', () => {
    expect(parsePort('  ')).toEqual({ port: null });
    expect(parsePort('1')).toEqual({ port: 1 });
    expect(parsePort(' 65535 ')).toEqual({ port: 65535 });
  });
  it('refuses zero, too large and non-numbers', () => {
    for (const bad of ['0', '65536', '44.3', 'https', '-1']) {
      expect(parsePort(bad)).toHaveProperty('error');
    }
  });
});

describe('toSbcInput', () => {
  it('trims and turns blank optional text into null', () => {
    const draft = { ...emptySbcDraft(), name: 'edge', host: ' sbc.example ', natIp: '  ', password: 'pw' };
    expect(toSbcInput(draft)).toEqual({
      input: {
        name: 'edge',
        host: 'sbc.example',
        deviceFqdn: null,
        port: null,
        https: true,
        natIp: null,
        adminUser: '',
        password: 'pw',
        plainHttpConfirmedFor: null,
      },
    });
  });
  it('sends a plain-HTTP confirmation only with plain HTTP and only for the host it names', () => {
    const plain = { ...emptySbcDraft(), host: ' 10.0.0.5 ', https: false, plainHttpConfirmedFor: '10.0.0.5' };
    const sent = (draft: typeof plain) => {
      const converted = toSbcInput(draft);
      return 'input' in converted ? converted.input.plainHttpConfirmedFor : 'port error';
    };
    expect(sent(plain)).toBe('10.0.0.5');
    expect(plainHttpConfirmed(plain)).toBe(true);
    expect(sent({ ...plain, host: '10.0.0.6' })).toBeNull();
    expect(plainHttpConfirmed({ ...plain, host: '10.0.0.6' })).toBe(false);
    expect(sent({ ...plain, https: true })).toBeNull();
  });
  it('reports a bad port instead of sending it', () => {
    expect(toSbcInput({ ...emptySbcDraft(), port: '70000' })).toHaveProperty('portError');
  });
});

describe('draftFromRow', () => {
  it('fills every field but never the password', () => {
    const draft = draftFromRow(row);
    expect(draft.password).toBe('');
    expect(draft.port).toBe('8443');
    expect(draft.deviceFqdn).toBe('');
    expect(draft.natIp).toBe('192.0.2.1');
  });
});

describe('sbcMessages', () => {
  it('keeps the first message per known field and sets others apart', () => {
    const { byField, unmatched } = sbcMessages([
      { field: 'name', code: 'name.empty', message: 'Enter a name.' },
      { field: 'name', code: 'name.duplicate', message: 'Taken.' },
      { field: 'fingerprint', code: 'fingerprint.invalid', message: 'Bad.' },
    ]);
    expect(byField).toEqual({ name: 'Enter a name.' });
    expect(unmatched.map((e) => e.field)).toEqual(['fingerprint']);
  });
});
