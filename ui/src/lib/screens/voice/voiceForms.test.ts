import { describe, expect, it } from 'vitest';
import { dialPlanChange, gatewayChange, newGateway, routeChange, siteChange, subnetChange, trustedIpChange } from './voiceForms';

describe('the dialogs as changes', () => {
  it('adds or edits a gateway with empty choices as none', () => {
    const form = { ...newGateway(), fqdn: ' sbc.contoso.com ', maxConcurrentSessions: '' as unknown as number, siteId: '' };
    expect(gatewayChange(form, false)).toEqual({
      op: 'addGateway',
      gateway: { ...newGateway(), fqdn: 'sbc.contoso.com', maxConcurrentSessions: null, siteId: null },
    });
    expect(gatewayChange({ ...form, maxConcurrentSessions: 40, siteId: 'London' }, true)).toMatchObject({
      op: 'editGateway',
      gateway: { maxConcurrentSessions: 40, siteId: 'London' },
    });
  });

  it('keeps a route gateways in their order', () => {
    const form = { name: 'London ', priority: 1, numberPattern: '^\\+4420\\d+$', gateways: ['b.example.com', 'a.example.com'], usages: ['GB'], description: '' };
    expect(routeChange(form, false)).toEqual({ op: 'addRoute', route: { ...form, name: 'London' } });
    expect(routeChange(form, true).op).toBe('editRoute');
  });

  it('sends a dial plan with its rules trimmed and in order', () => {
    const rule = { name: ' Ext ', pattern: '^(\\d{4})$', translation: '+4420794$1', description: '', isInternalExtension: true };
    const change = dialPlanChange({ name: 'GB ', simpleName: 'GB', description: '', rules: [rule, { ...rule, name: 'Second' }] }, true);
    expect(change).toEqual({
      op: 'editDialPlan',
      plan: { name: 'GB', simpleName: 'GB', description: '', rules: [{ ...rule, name: 'Ext' }, { ...rule, name: 'Second' }] },
    });
  });

  it('maps the location-based routing forms', () => {
    expect(siteChange({ id: 'London', regionId: '', lbrEnabled: true, description: '' }, false)).toEqual({
      op: 'addSite',
      site: { id: 'London', regionId: null, lbrEnabled: true, description: '' },
    });
    expect(subnetChange({ id: '10.1.0.0', maskBits: 16, siteId: 'London', description: '' }, true).op).toBe('editSubnet');
    expect(trustedIpChange({ address: ' 203.0.113.4', maskBits: 32, description: 'HQ' }, false)).toEqual({
      op: 'addTrustedIp',
      trustedIp: { address: '203.0.113.4', maskBits: 32, description: 'HQ' },
    });
  });
});
