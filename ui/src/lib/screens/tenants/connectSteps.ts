// The "Connect" walkthrough of a tenant row as a checklist: each step with its state, the way an
// onboarding checklist shows it. Pure, so the order and the failure rules are unit-tested.
import type { TenantReplication } from '../../bindings/TenantReplication';

export type StepKey = 'method' | 'credentials' | 'verify' | 'replicate';
export type StepState = 'pending' | 'running' | 'done' | 'failed';

export interface Step {
  key: StepKey;
  label: string;
  state: StepState;
  /** Why it failed, or what it is doing. */
  detail: string | null;
}

export type ConnectMethod = 'appRegistration' | 'deviceCode';

const LABELS: Record<StepKey, string> = {
  method: 'Choose how to sign in',
  credentials: 'Enter the app registration',
  verify: 'Verify the connection',
  replicate: 'First replication',
};

export function initialSteps(): Step[] {
  return (Object.keys(LABELS) as StepKey[]).map((key) => ({ key, label: LABELS[key], state: 'pending', detail: null }));
}

/** The credentials step names what the chosen method asks for. */
export function credentialsLabel(method: ConnectMethod): string {
  return method === 'deviceCode' ? 'Approve the device code' : 'Enter the app registration';
}

/** A copy of `steps` with `key` in `state`; a failure stops the walkthrough, so later steps stay pending. */
export function withStep(steps: readonly Step[], key: StepKey, state: StepState, detail: string | null = null): Step[] {
  return steps.map((step) => (step.key === key ? { ...step, state, detail } : step));
}

/** The first step that is not done yet, or null when all are. */
export function currentStep(steps: readonly Step[]): Step | null {
  return steps.find((step) => step.state !== 'done') ?? null;
}

/**
 * Where the first replication stands, given the tenant's run and when it was queued: still running,
 * done (a success after `queuedAt`), or failed with the run's error.
 */
export function replicationOutcome(
  run: TenantReplication | undefined,
  queuedAt: number,
): { state: StepState; detail: string | null } {
  if (run === undefined || run.running) {
    const detail = run === undefined ? 'Queued…' : `${run.users} users read so far…`;
    return { state: 'running', detail };
  }
  if (run.lastError !== null) return { state: 'failed', detail: run.lastError };
  const succeeded = run.lastSuccessAt !== null && Date.parse(run.lastSuccessAt) >= queuedAt - 1000;
  return succeeded
    ? { state: 'done', detail: `${run.written} users replicated.` }
    : { state: 'running', detail: 'Queued…' };
}
