// Pure logic of the Connection tab: the proxy URL check while typing (the backend
// checks again), and the words for what the PowerShell check found.
import type { PowerShellEnvironmentView } from '../../bindings/PowerShellEnvironmentView';
import type { PowerShellKind } from '../../bindings/PowerShellKind';
import type { PowerShellSource } from '../../bindings/PowerShellSource';
import type { ProxyMode } from '../../bindings/ProxyMode';

/** Why `url` cannot be saved as the proxy, or null. Only checked in URL mode. */
export function proxyUrlProblem(mode: ProxyMode, url: string): string | null {
  if (mode === 'system') return null;
  const text = url.trim();
  if (text === '') return 'Enter the proxy URL, for example http://proxy.example.com:3128.';
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return `'${text}' is not a URL; enter it as http://host:port.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `The proxy URL must start with http:// or https://, not ${parsed.protocol}//.`;
  }
  if (parsed.hostname === '') return 'The proxy URL needs a host name or IP address.';
  if (parsed.username !== '' || parsed.password !== '') {
    return 'Leave the user name and password out of the proxy URL: Switchboard does not store proxy credentials.';
  }
  return null;
}

export const KIND_LABELS: Record<PowerShellKind, string> = {
  pwsh7: 'PowerShell 7 (pwsh)',
  windowsPowerShell51: 'Windows PowerShell 5.1',
  other: 'Other PowerShell host',
};

export const SOURCE_LABELS: Record<PowerShellSource, string> = {
  configured: 'the path set below',
  sandbox: "the sandbox's interpreter",
  detected: 'found on this computer',
};

/** One line for the PowerShell host: which one, and its version when it says. */
export function hostText(report: PowerShellEnvironmentView): string {
  if (report.hostPath === null) return 'Not found';
  const kind = report.hostKind === null ? 'PowerShell' : KIND_LABELS[report.hostKind];
  const version = report.powershellVersion === null ? 'version not reported' : `version ${report.powershellVersion}`;
  return `${kind}, ${version}`;
}

/** One line for the MicrosoftTeams module. */
export function moduleText(report: PowerShellEnvironmentView): string {
  if (report.teamsModuleVersion !== null) return `Installed, version ${report.teamsModuleVersion}`;
  if (report.moduleCheckProblem !== null) return 'Not checked';
  if (report.hostPath === null || report.problem !== null) return 'Unknown: PowerShell did not run';
  return 'Not installed';
}

/** Scripts can run only with a host that ran and the module present. */
export function isReady(report: PowerShellEnvironmentView): boolean {
  return report.problem === null && report.teamsModuleVersion !== null;
}
