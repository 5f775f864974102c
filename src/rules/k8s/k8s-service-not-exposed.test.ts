/** K8S-011 per controller: which annotations and ranges make a LoadBalancer Service internal or limited. */
import { describe, expect, it } from 'vitest';
import { runRule } from '../../../test/helpers/run-rule.js';

const svc = (annotations: Record<string, string>, spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: s
  namespace: shop
  annotations: ${JSON.stringify(annotations)}
spec:
  type: LoadBalancer
${spec}  ports: [{ port: 443 }]
`;
const LBC = { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' };
const INTERNAL = 'service.beta.kubernetes.io/aws-load-balancer-internal';
const SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';

describe('K8S-011 k8s-service-not-exposed', () => {
  it.each<[string, Record<string, string>, string, number]>([
    ['in-tree, no annotation', {}, '', 1],
    ['in-tree, internal "true"', { [INTERNAL]: 'true' }, '', 0],
    ['in-tree, legacy internal 0.0.0.0/0', { [INTERNAL]: '0.0.0.0/0' }, '', 0],
    ['in-tree, internal "false"', { [INTERNAL]: 'false' }, '', 1],
    ['in-tree, scheme internal (ignored)', { [SCHEME]: 'internal' }, '', 1],
    ['in-tree, limited source ranges', {}, '  loadBalancerSourceRanges: [10.0.0.0/8]\n', 0],
    ['in-tree, ranges include ::/0', {}, '  loadBalancerSourceRanges: [10.0.0.0/8, "::/0"]\n', 1],
    [
      'in-tree, ranges annotation',
      { 'service.beta.kubernetes.io/load-balancer-source-ranges': '192.0.2.0/24, 198.51.100.0/24' },
      '',
      0,
    ],
    ['LBC, no scheme (internal)', LBC, '', 0],
    ['LBC, internet-facing', { ...LBC, [SCHEME]: 'internet-facing' }, '', 1],
    ['LBC, deprecated internal "false"', { ...LBC, [INTERNAL]: 'false' }, '', 1],
    [
      'LBC by class, internet-facing',
      { [SCHEME]: 'internet-facing' },
      '  loadBalancerClass: service.k8s.aws/nlb\n',
      1,
    ],
    ['another controller class (not judged)', {}, '  loadBalancerClass: example.com/lb\n', 0],
  ])('%s', async (_name, annotations, spec, count) => {
    const findings = await runRule('K8S-011', { 's.yaml': svc(annotations, spec) });
    expect(findings).toHaveLength(count);
  });

  it('names the scheme annotation the in-tree controller ignores', async () => {
    const [f] = await runRule('K8S-011', { 's.yaml': svc({ [SCHEME]: 'internal' }, '') });
    expect(f?.location.startLine).toBe(8);
    expect(f?.related.map((r) => [r.startLine, r.message.startsWith(SCHEME)])).toEqual([[6, true]]);
  });
});
