/** Lines test: the NetworkPolicy view (src/model/k8s/netpol.ts) and where each of its values sits. */
import { describe, expect, it } from 'vitest';
import type { Src } from '../../model/source.js';
import { emptyState } from '../../model/state.js';
import { adaptText } from '../index.js';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: backend
spec:
  podSelector:
    matchLabels: { app: api }
  ingress:
    - from:
        - namespaceSelector:
            matchExpressions:
              - { key: team, operator: In, values: [web] }
          podSelector:
            matchLabels: { app: web }
        - ipBlock:
            cidr: 10.0.0.0/16
            except: [10.0.1.0/24]
      ports:
        - port: http
        - { protocol: UDP, port: 5000, endPort: 5010 }
  egress:
    - to: []
`;

const at = (s: Src) => `${s.startLine}:${s.startColumn}`;

describe('NetworkPolicy view', () => {
  const state = emptyState();
  adaptText('np.yaml', 'yaml', POLICY, state);
  const p = state.k8s.networkPolicies[0]!;

  it('selector, peers and ports are located', () => {
    expect(p.name).toBe('api');
    expect(p.namespace.value).toBe('backend');
    expect(at(p.podSelector.matchLabels.get('app')!.src)).toBe('8:25');
    const [peer, block] = p.ingress[0]!.peers;
    expect(at(peer!.namespaceSelector!.matchExpressions[0]!.src)).toBe('13:17');
    expect(at(peer!.podSelector!.matchLabels.get('app')!.src)).toBe('15:33');
    expect(at(block!.ipBlock!.cidr.src)).toBe('17:19');
    expect(at(block!.ipBlock!.except[0]!.src)).toBe('18:22');
    const [named, range] = p.ingress[0]!.ports;
    expect(named!.port).toMatchObject({ value: 'http', origin: 'explicit' });
    expect(named!.protocol).toMatchObject({ value: 'TCP', origin: 'default' });
    expect(at(range!.endPort!.src)).toBe('21:49');
    expect(range!.port!.value).toBe(5000);
  });

  it('policyTypes defaulted from egress (Ingress, and Egress because egress has an item), located at the spec', () => {
    expect(p.policyTypes.map((t) => `${t.value} ${t.origin}`)).toEqual(['Ingress default', 'Egress default']);
    expect(p.egress[0]!.peers).toEqual([]);
    expect(p.problems).toEqual([]);
  });
});
