import { describe, expect, it } from 'vitest';
import { nav } from './nav.svelte';

describe('nav', () => {
  it('opens the Users screen with the customer once', () => {
    nav.go('tenants');
    nav.openUsersOf(7);
    expect(nav.current).toBe('users');
    expect(nav.takeUsersTenant()).toBe(7);
    expect(nav.takeUsersTenant()).toBeNull();
  });

  it('plain navigation asks for no customer', () => {
    nav.go('users');
    expect(nav.current).toBe('users');
    expect(nav.takeUsersTenant()).toBeNull();
  });
});
