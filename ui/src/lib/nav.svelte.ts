// Which screen is shown, and what one screen asked the next to open with.
import type { ScreenId } from './navigation';

class Nav {
  current = $state<ScreenId>('tenants');
  // Not reactive: the Users screen takes it once, as it opens.
  #usersTenant: number | null = null;

  go(screen: ScreenId): void {
    this.current = screen;
  }

  /** "Users" on a tenant row: the Users screen opens with that customer chosen. */
  openUsersOf(tenantId: number): void {
    this.#usersTenant = tenantId;
    this.current = 'users';
  }

  /** The customer the Users screen should start with, at most once per request. */
  takeUsersTenant(): number | null {
    const tenant = this.#usersTenant;
    this.#usersTenant = null;
    return tenant;
  }
}

export const nav = new Nav();
