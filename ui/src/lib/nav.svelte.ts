// Navigation: the app's screens in navigation order, which screen is shown, and what one
// screen asked the next to open with.

export type ScreenId = 'tenants' | 'users' | 'voice' | 'templates' | 'tasks' | 'sbcs' | 'security' | 'settings';

export interface ScreenInfo {
  id: ScreenId;
  label: string;
}

export const SCREENS: readonly ScreenInfo[] = [
  { id: 'tenants', label: 'Tenants' },
  { id: 'users', label: 'Users' },
  { id: 'voice', label: 'Voice routing' },
  { id: 'templates', label: 'Templates' },
  { id: 'tasks', label: 'Queued Tasks' },
  { id: 'sbcs', label: 'SBCs' },
  { id: 'security', label: 'Security' },
  { id: 'settings', label: 'Settings' },
];

class Nav {
  current = $state<ScreenId>('tenants');
  /**
   * Counts every opening, also of the screen already shown: the shell re-creates the
   * screen on each, so its nav item always leads back to the screen's start (e.g. the
   * SBC list from an SBC's detail view).
   */
  visit = $state(0);
  // Not reactive: the Users screen takes it once, as it opens.
  #usersTenant: number | null = null;

  go(screen: ScreenId): void {
    this.current = screen;
    this.visit += 1;
  }

  /** "Users" on a tenant row: the Users screen opens with that customer chosen. */
  openUsersOf(tenantId: number): void {
    this.#usersTenant = tenantId;
    this.go('users');
  }

  /** The customer the Users screen should start with, at most once per request. */
  takeUsersTenant(): number | null {
    const tenant = this.#usersTenant;
    this.#usersTenant = null;
    return tenant;
  }
}

export const nav = new Nav();
