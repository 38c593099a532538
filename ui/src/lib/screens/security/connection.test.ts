import { describe, expect, it } from 'vitest';
import type { PowerShellEnvironmentView } from '../../bindings/PowerShellEnvironmentView';
import { hostText, isReady, moduleText, proxyUrlProblem } from './connection';

function report(overrides: Partial<PowerShellEnvironmentView> = {}): PowerShellEnvironmentView {
  return {
    source: 'detected',
    hostPath: '/usr/bin/pwsh',
    hostKind: 'pwsh7',
    powershellVersion: '7.4.6',
    teamsModuleVersion: '6.7.0',
    installCommand: null,
    moduleCheckProblem: null,
    problem: null,
    ...overrides,
  };
}

describe('proxyUrlProblem', () => {
  it('accepts http and https proxies with a host', () => {
    expect(proxyUrlProblem('url', ' http://proxy.example.com:3128 ')).toBeNull();
    expect(proxyUrlProblem('url', 'https://10.0.0.1')).toBeNull();
  });

  it('ignores the URL field while the system proxy is chosen', () => {
    expect(proxyUrlProblem('system', 'not a url')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(proxyUrlProblem('url', '  ')).toMatch(/Enter the proxy URL/);
    expect(proxyUrlProblem('url', 'proxy:3128')).toMatch(/http:\/\/ or https:\/\//);
    expect(proxyUrlProblem('url', 'socks5://proxy:1080')).toMatch(/not socks5:/);
    expect(proxyUrlProblem('url', 'nonsense')).toMatch(/is not a URL/);
    expect(proxyUrlProblem('url', 'http://me:pw@proxy:3128')).toMatch(/credentials/);
  });
});

describe('the PowerShell check words', () => {
  it('describes a ready host', () => {
    const ready = report();
    expect(hostText(ready)).toBe('PowerShell 7 (pwsh), version 7.4.6');
    expect(moduleText(ready)).toBe('Installed, version 6.7.0');
    expect(isReady(ready)).toBe(true);
  });

  it('says the module is missing only when it was looked for', () => {
    const missing = report({ teamsModuleVersion: null, installCommand: 'Install-Module MicrosoftTeams' });
    expect(moduleText(missing)).toBe('Not installed');
    expect(isReady(missing)).toBe(false);
    const unchecked = report({ hostKind: 'other', powershellVersion: null, teamsModuleVersion: null, moduleCheckProblem: 'no Get-Module' });
    expect(hostText(unchecked)).toBe('Other PowerShell host, version not reported');
    expect(moduleText(unchecked)).toBe('Not checked');
  });

  it('says when no PowerShell ran', () => {
    const none = report({ hostPath: null, hostKind: null, powershellVersion: null, teamsModuleVersion: null, problem: 'not found' });
    expect(hostText(none)).toBe('Not found');
    expect(moduleText(none)).toBe('Unknown: PowerShell did not run');
    expect(isReady(none)).toBe(false);
  });
});
