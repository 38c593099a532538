// The Voice routing dialogs' forms as the changes they ask for. Inputs hold text and may be
// empty; the backend checks the values, so here only their shape is settled (trimmed text,
// an empty choice as null, numbers from number inputs).
import { blankToNull } from '../../formInput';
import type { CallingPolicy } from '../../bindings/CallingPolicy';
import type { DialPlan } from '../../bindings/DialPlan';
import type { NetworkSite } from '../../bindings/NetworkSite';
import type { NetworkSubnet } from '../../bindings/NetworkSubnet';
import type { NormalizationRule } from '../../bindings/NormalizationRule';
import type { PstnGateway } from '../../bindings/PstnGateway';
import type { TrustedIp } from '../../bindings/TrustedIp';
import type { VoiceChange } from '../../bindings/VoiceChange';
import type { VoiceRoute } from '../../bindings/VoiceRoute';
import type { VoiceRoutingPolicy } from '../../bindings/VoiceRoutingPolicy';


/** A number input's value: empty (null, undefined or NaN) is none. */
export function numberOrNull(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A number input the form needs a value in; empty becomes 0 so the backend names the problem. */
function numberOrZero(value: number | string | null | undefined): number {
  return numberOrNull(value) ?? 0;
}

export function gatewayChange(form: PstnGateway, editing: boolean): VoiceChange {
  const gateway: PstnGateway = {
    ...form,
    fqdn: form.fqdn.trim(),
    sipSignalingPort: numberOrZero(form.sipSignalingPort),
    maxConcurrentSessions: numberOrNull(form.maxConcurrentSessions),
    siteId: blankToNull(form.siteId),
    description: form.description.trim(),
  };
  return editing ? { op: 'editGateway', gateway } : { op: 'addGateway', gateway };
}

export function routeChange(form: VoiceRoute, editing: boolean): VoiceChange {
  const route: VoiceRoute = {
    ...form,
    name: form.name.trim(),
    priority: numberOrZero(form.priority),
    description: form.description.trim(),
  };
  return editing ? { op: 'editRoute', route } : { op: 'addRoute', route };
}

export function policyChange(form: VoiceRoutingPolicy, editing: boolean): VoiceChange {
  const policy: VoiceRoutingPolicy = { ...form, name: form.name.trim(), description: form.description.trim() };
  return editing ? { op: 'editPolicy', policy } : { op: 'addPolicy', policy };
}

function trimmedRule(rule: NormalizationRule): NormalizationRule {
  return { ...rule, name: rule.name.trim(), description: rule.description.trim() };
}

export function dialPlanChange(form: DialPlan, editing: boolean): VoiceChange {
  const plan: DialPlan = {
    name: form.name.trim(),
    simpleName: form.simpleName.trim(),
    description: form.description.trim(),
    rules: form.rules.map(trimmedRule),
  };
  return editing ? { op: 'editDialPlan', plan } : { op: 'addDialPlan', plan };
}

export function callingPolicyChange(form: CallingPolicy, editing: boolean): VoiceChange {
  const policy: CallingPolicy = { ...form, name: form.name.trim(), description: form.description.trim() };
  return editing ? { op: 'editCallingPolicy', policy } : { op: 'addCallingPolicy', policy };
}

export function siteChange(form: NetworkSite, editing: boolean): VoiceChange {
  const site: NetworkSite = {
    ...form,
    id: form.id.trim(),
    regionId: blankToNull(form.regionId),
    description: form.description.trim(),
  };
  return editing ? { op: 'editSite', site } : { op: 'addSite', site };
}

export function subnetChange(form: NetworkSubnet, editing: boolean): VoiceChange {
  const subnet: NetworkSubnet = {
    ...form,
    id: form.id.trim(),
    maskBits: numberOrZero(form.maskBits),
    description: form.description.trim(),
  };
  return editing ? { op: 'editSubnet', subnet } : { op: 'addSubnet', subnet };
}

export function trustedIpChange(form: TrustedIp, editing: boolean): VoiceChange {
  const trustedIp: TrustedIp = {
    ...form,
    address: form.address.trim(),
    maskBits: numberOrZero(form.maskBits),
    description: form.description.trim(),
  };
  return editing ? { op: 'editTrustedIp', trustedIp } : { op: 'addTrustedIp', trustedIp };
}

/** A new gateway as Teams creates one by default. */
export function newGateway(): PstnGateway {
  return {
    fqdn: '',
    sipSignalingPort: 5061,
    enabled: true,
    maxConcurrentSessions: null,
    mediaBypass: false,
    forwardPai: false,
    forwardCallHistory: false,
    lbrEnabled: false,
    siteId: null,
    description: '',
  };
}

export function newRule(): NormalizationRule {
  return { name: '', pattern: '', translation: '', description: '', isInternalExtension: false };
}
