// Licence types as the UI presents them. Labels and caps mirror the domain crate's LicenceType;
// the backend still validates, this only drives the form (options, disabled input, hint).
import type { LicenceType } from '../../bindings/LicenceType';

export interface LicenceOption {
  value: LicenceType;
  label: string;
  /** Essentials tiers have no Microsoft 365 connection, so they carry no licensed users. */
  hasUsers: boolean;
  /** Upper bound shown as a hint; null when there are no licensed users at all. */
  userCap: number | null;
}

export const LICENCE_OPTIONS: readonly LicenceOption[] = [
  { value: 'hostedEssentials', label: 'Hosted Essentials', hasUsers: false, userCap: null },
  { value: 'hostedEssentialsPlus', label: 'Hosted Essentials+', hasUsers: true, userCap: 500 },
  { value: 'hostedPro', label: 'Hosted Pro', hasUsers: true, userCap: 500 },
  { value: 'ocEssential', label: 'OC Essential', hasUsers: false, userCap: null },
  { value: 'ocPro', label: 'OC Pro', hasUsers: true, userCap: 500 },
];

export function licenceOption(type: LicenceType): LicenceOption {
  const found = LICENCE_OPTIONS.find((o) => o.value === type);
  if (found === undefined) throw new Error(`Unknown licence type '${type}'`);
  return found;
}

/**
 * The licence types a customer of type `from` may be changed to, itself first. Mirrors
 * `LicenceType::change_to`: Hosted Essentials upgrades to Essentials+ or Pro, those two move between
 * each other, and OC Essential upgrades to OC Pro; nothing goes back to an Essentials tier.
 */
export function licenceChoices(from: LicenceType): LicenceOption[] {
  const reachable: Record<LicenceType, LicenceType[]> = {
    hostedEssentials: ['hostedEssentialsPlus', 'hostedPro'],
    hostedEssentialsPlus: ['hostedPro'],
    hostedPro: ['hostedEssentialsPlus'],
    ocEssential: ['ocPro'],
    ocPro: [],
  };
  return [from, ...reachable[from]].map(licenceOption);
}
