// Pure logic of the SBC detail view: its tabs, how sites, prefixes and alarms read,
// the import choices sent to the backend, and the prefix changes an engineer prepares.
import type { DeploymentState } from '../../bindings/DeploymentState';
import type { ImportCandidateView } from '../../bindings/ImportCandidateView';
import type { ImportSelection } from '../../bindings/ImportSelection';
import type { SbcAlarmView } from '../../bindings/SbcAlarmView';
import type { SbcPrefix } from '../../bindings/SbcPrefix';
import type { RuleRef } from '../../bindings/RuleRef';
import type { SiteConfiguration } from '../../bindings/SiteConfiguration';

export type DetailTab = 'sites' | 'prefixes' | 'import' | 'alarms' | 'script';

export const DETAIL_TABS: readonly { id: DetailTab; label: string }[] = [
  { id: 'sites', label: 'Sites' },
  { id: 'prefixes', label: 'Prefixes' },
  { id: 'import', label: 'Import customers' },
  { id: 'alarms', label: 'Alarms' },
  { id: 'script', label: 'Run script' },
];

export const CONFIGURATION_LABELS: Record<SiteConfiguration, string> = {
  sipTrunk: 'SIP trunk',
  ipPbx: 'IP-PBX',
  byoc: 'BYOC',
};

const DEPLOYMENT_LABELS: Record<DeploymentState, string> = {
  readyForDeployment: 'Ready for deployment',
  deploying: 'Deploying',
  deployed: 'Deployed',
  readyForRemove: 'Ready for removal',
  failed: 'Failed',
};

/** Blank (not "unknown") when a site has no state yet, as the product shows it. */
export function deploymentLabel(state: DeploymentState | null): string {
  return state === null ? '' : DEPLOYMENT_LABELS[state];
}

/** Case-insensitive match on dial plan, rule name, prefix or tag. */
export function filterPrefixes(prefixes: SbcPrefix[], search: string): SbcPrefix[] {
  const needle = search.trim().toLowerCase();
  if (needle === '') return prefixes;
  return prefixes.filter((rule) =>
    [rule.dialPlan, rule.ruleName, rule.prefix, rule.tag].some((text) => text.toLowerCase().includes(needle)),
  );
}

/** Identifies a candidate as the device does: dial plan, rule name and tag. */
export function candidateKey(candidate: Pick<ImportCandidateView, 'dialPlan' | 'ruleName' | 'tag'>): string {
  return `${candidate.dialPlan}\u0000${candidate.ruleName}\u0000${candidate.tag}`;
}

/** What the person typed for one candidate (absent: the derived values). */
export interface ImportChoice {
  shortName: string;
  fullName: string;
}

/** Why a candidate cannot be imported as it stands, or `null`. */
export function importBlocker(candidate: ImportCandidateView, choice: ImportChoice | undefined): string | null {
  if (candidate.prefixProblem !== null) return candidate.prefixProblem;
  const typed = choice?.shortName.trim() ?? '';
  if (candidate.shortName === null && typed === '') {
    return candidate.shortNameProblem ?? 'Type a short name for this customer.';
  }
  return null;
}

/** The backend's selection for one candidate; a typed short name equal to the derived one is not sent. */
export function importSelection(candidate: ImportCandidateView, choice: ImportChoice | undefined): ImportSelection {
  const typed = choice?.shortName.trim() ?? '';
  const fullName = choice?.fullName.trim() ?? '';
  return {
    dialPlan: candidate.dialPlan,
    ruleName: candidate.ruleName,
    tag: candidate.tag,
    shortName: typed === '' || typed === candidate.shortName ? null : typed,
    fullName: fullName === '' ? candidate.fullName : fullName,
  };
}

/** "Created Acme, Brightwater. Added rules to Contoso." */
export function importSummary(outcome: { created: string[]; linked: string[]; alreadyImported: string[] }): string {
  const parts: string[] = [];
  if (outcome.created.length > 0) parts.push(`Created ${outcome.created.join(', ')}.`);
  if (outcome.linked.length > 0) parts.push(`Added rules to ${outcome.linked.join(', ')}.`);
  if (outcome.alreadyImported.length > 0) parts.push(`Already imported: ${outcome.alreadyImported.join(', ')}.`);
  return parts.length === 0 ? 'Nothing was imported.' : parts.join(' ');
}

const SEVERITY_ORDER = ['critical', 'major', 'minor', 'warning', 'indeterminate', 'cleared'];

/** Most severe first, then newest first. */
export function sortAlarms(alarms: SbcAlarmView[]): SbcAlarmView[] {
  const rank = (severity: string) => {
    const at = SEVERITY_ORDER.indexOf(severity);
    return at === -1 ? SEVERITY_ORDER.length : at;
  };
  return [...alarms].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || (b.raisedAt ?? '').localeCompare(a.raisedAt ?? '') || a.id - b.id,
  );
}

/** The dial plans the SBC's cached rules use, sorted: where new prefixes can go. */
export function dialPlansOf(prefixes: readonly SbcPrefix[]): string[] {
  return [...new Set(prefixes.map((rule) => rule.dialPlan))].sort((a, b) => a.localeCompare(b));
}

/** One prefix per line; blank lines and surrounding spaces are ignored. */
export function prefixLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A rule as the removal names it: dial plan and index. Rules without an index cannot be removed. */
export function ruleKey(rule: Pick<SbcPrefix, 'dialPlan' | 'ruleIndex'>): string | null {
  return rule.ruleIndex === null ? null : `${rule.dialPlan}\u0000${rule.ruleIndex}`;
}

/** The chosen rules, in the list's order, as the backend's removal input. */
export function chosenRules(prefixes: readonly SbcPrefix[], chosen: ReadonlySet<string>): RuleRef[] {
  return prefixes.flatMap((rule) => {
    const key = ruleKey(rule);
    return key !== null && rule.ruleIndex !== null && chosen.has(key)
      ? [{ dialPlan: rule.dialPlan, index: rule.ruleIndex }]
      : [];
  });
}
