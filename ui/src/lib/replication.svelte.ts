// App-wide replication state: asks the backend once on load, then every second while any
// tenant is queued or running, and every 15 seconds while idle, so what the cycle's own
// runs found (Microsoft 365 unreachable, a refused sign-in) reaches every screen.
import { BACKEND_UNAVAILABLE, queueReplication, replicationStatus, toApiFailure } from './api';
import type { ReplicationStatus } from './bindings/ReplicationStatus';
import type { TenantId } from './bindings/TenantId';
import type { TenantReplication } from './bindings/TenantReplication';
import { notifications } from './notifications.svelte';
import { finishedTenants } from './replicationStatus';

const POLL_MS = 1000;
const IDLE_POLL_MS = 15_000;

type FinishedListener = (tenants: TenantId[]) => void;

class Replication {
  status = $state<ReplicationStatus | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #listeners = new Set<FinishedListener>();

  /** Fetches the status now, then keeps polling: quickly while something runs, slowly otherwise. */
  async refresh(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    let next: ReplicationStatus;
    try {
      next = await replicationStatus();
    } catch (error) {
      // Outside the app window there is nothing to poll; any other failure stops polling
      // until the next refresh, with one banner rather than one per second.
      const failure = toApiFailure(error, 'replication_status');
      if (failure.code !== BACKEND_UNAVAILABLE) notifications.failure(failure);
      return;
    }
    const finished = finishedTenants(this.status, next);
    this.status = next;
    if (finished.length > 0) this.#listeners.forEach((listener) => listener(finished));
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.refresh(), next.running > 0 ? POLL_MS : IDLE_POLL_MS);
    }
  }

  async queue(tenantId: TenantId): Promise<void> {
    await queueReplication(tenantId);
    await this.refresh();
  }

  of(tenantId: TenantId): TenantReplication | undefined {
    return this.status?.tenants.find((t) => t.tenantId === tenantId);
  }

  /** Called with the tenants whose run just ended; returns the unsubscribe function. */
  onFinished(listener: FinishedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export const replication = new Replication();
