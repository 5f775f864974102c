/**
 * K8S-011: a Service reachable from outside the cluster's network without a limit.
 * - `type: LoadBalancer` on EKS gets an AWS load balancer. Which controller builds it decides its
 *   default scheme:
 *   - the AWS Load Balancer Controller (`spec.loadBalancerClass: service.k8s.aws/nlb`, or the
 *     annotation `service.beta.kubernetes.io/aws-load-balancer-type: external` / `nlb-ip`): internal
 *     unless `aws-load-balancer-scheme: internet-facing` (the deprecated
 *     `aws-load-balancer-internal` annotation, when written, decides as a boolean);
 *   - the in-tree cloud provider (no class, no such type): internet-facing unless
 *     `aws-load-balancer-internal` is set to anything but `false` (`"true"`, the legacy
 *     `0.0.0.0/0`); it ignores `aws-load-balancer-scheme`.
 *   An internet-facing one is reported unless `spec.loadBalancerSourceRanges` (or the annotation
 *   `service.beta.kubernetes.io/load-balancer-source-ranges`) limits it to ranges other than
 *   `0.0.0.0/0` / `::/0`. Another `loadBalancerClass` is another controller: not judged.
 * - `type: NodePort` opens the port on every node (kube-proxy), outside NetworkPolicy's reach for
 *   traffic to the node: reported, with the ports.
 */
import type { Service } from '../../model/k8s/core.js';
import { isKnown, type Src, type Val } from '../../model/source.js';
import { defineRule, noEquivalents, type Related } from '../types.js';
import { objectLabel } from './_objects.js';

const ANN = 'service.beta.kubernetes.io/';
export const SCHEME_ANNOTATION = `${ANN}aws-load-balancer-scheme`;
export const INTERNAL_ANNOTATION = `${ANN}aws-load-balancer-internal`;
const TYPE_ANNOTATION = `${ANN}aws-load-balancer-type`;
const RANGES_ANNOTATION = `${ANN}load-balancer-source-ranges`;
const LBC_CLASS = 'service.k8s.aws/nlb';
const OPEN = new Set(['0.0.0.0/0', '::/0']);

type Controller = 'lbc' | 'in-tree' | 'other';

function controllerOf(svc: Service): Controller {
  const cls = svc.loadBalancerClass;
  if (cls !== undefined) return cls.value === LBC_CLASS ? 'lbc' : 'other';
  const type = svc.annotations.get(TYPE_ANNOTATION)?.value;
  return type === 'external' || type === 'nlb-ip' ? 'lbc' : 'in-tree';
}

/** Where the internet-facing scheme comes from, or undefined when the load balancer is internal. */
function internetFacing(
  svc: Service,
  controller: Controller,
): { at: Src; related: Related<'schemeIgnored'>[] } | undefined {
  const scheme = svc.annotations.get(SCHEME_ANNOTATION);
  const internal = svc.annotations.get(INTERNAL_ANNOTATION);
  if (controller === 'lbc') {
    if (internal)
      return internal.value.toLowerCase() === 'false' ? { at: internal.src, related: [] } : undefined;
    return scheme?.value === 'internet-facing' ? { at: scheme.src, related: [] } : undefined;
  }
  if (internal && internal.value !== 'false') return undefined;
  const related: Related<'schemeIgnored'>[] =
    scheme?.value === 'internal'
      ? [
          {
            src: scheme.src,
            messageId: 'schemeIgnored',
            data: { scheme: SCHEME_ANNOTATION, internal: INTERNAL_ANNOTATION },
          },
        ]
      : [];
  return { at: internal?.src ?? svc.type.src, related };
}

/** Written source ranges (field, else annotation); undefined when neither limits the load balancer. */
function sourceRanges(svc: Service): Val<string>[] | undefined {
  const field = svc.loadBalancerSourceRanges;
  if (field && field.length > 0) return field;
  const ann = svc.annotations.get(RANGES_ANNOTATION);
  if (!ann) return undefined;
  const parts = ann.value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.length > 0 ? parts.map((value) => ({ ...ann, value })) : undefined;
}

export default defineRule<'internetFacing' | 'nodePort' | 'schemeIgnored' | 'openRange'>({
  meta: {
    id: 'K8S-011',
    slug: 'k8s-service-not-exposed',
    service: 'k8s',
    severity: 'medium',
    title: {
      en: 'Service exposed outside the cluster without a limit',
      ja: 'Service が制限なしにクラスター外へ公開されている',
    },
    rationale: {
      en: 'A Service of type LoadBalancer on EKS gets an AWS load balancer. The in-tree cloud provider makes it internet-facing unless the Service is annotated `service.beta.kubernetes.io/aws-load-balancer-internal`; the AWS Load Balancer Controller makes it internal unless `service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing` is set. An internet-facing load balancer without `loadBalancerSourceRanges` accepts connections from any address, so every pod behind the Service is reachable from the internet, whatever NetworkPolicy says about traffic inside the cluster. A Service of type NodePort opens its port on every node of the cluster, reachable from wherever the node security groups allow, and bypasses the ingress path the platform team controls.',
      ja: 'EKS で type LoadBalancer の Service には AWS のロードバランサーが作られます。in-tree のクラウドプロバイダーは、Service に `service.beta.kubernetes.io/aws-load-balancer-internal` アノテーションがない限りインターネット向けに作り、AWS Load Balancer Controller は `service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing` がない限り内部向けに作ります。`loadBalancerSourceRanges` のないインターネット向けロードバランサーはあらゆるアドレスからの接続を受け付けるため、クラスター内の通信について NetworkPolicy が何を定めていても、Service の背後のすべての Pod がインターネットから到達可能になります。type NodePort の Service は、クラスターのすべてのノードでポートを開き、ノードのセキュリティグループが許す範囲から到達でき、プラットフォームチームが管理する入口を迂回します。',
    },
    remediation: {
      en: 'Make the load balancer internal (`service.beta.kubernetes.io/aws-load-balancer-scheme: internal` with the AWS Load Balancer Controller, `service.beta.kubernetes.io/aws-load-balancer-internal: "true"` with the in-tree controller), or, when it must be public, list the client ranges in `spec.loadBalancerSourceRanges`. Replace NodePort Services with ClusterIP behind an Ingress or a load balancer.',
      ja: 'ロードバランサーを内部向けにしてください（AWS Load Balancer Controller では `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`、in-tree のコントローラーでは `service.beta.kubernetes.io/aws-load-balancer-internal: "true"`）。公開が必要な場合は、接続元の範囲を `spec.loadBalancerSourceRanges` に列挙してください。NodePort の Service は、Ingress やロードバランサーの背後の ClusterIP に置き換えてください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer',
      'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/',
      'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/',
      'https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html',
    ],
    equivalents: noEquivalents({ kubeLinter: ['exposed-services'] }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        internetFacing:
          'Service {name} gets an internet-facing load balancer ({controller}) that accepts connections from {sources}',
        nodePort: 'Service {name} of type NodePort opens {ports} on every node',
        schemeIgnored:
          '{scheme} is read by the AWS Load Balancer Controller only; the in-tree controller builds an internet-facing load balancer unless {internal} is set',
        openRange: 'source range {range} admits every address',
      },
      ja: {
        internetFacing:
          'Service {name} にはインターネット向けのロードバランサー（{controller}）が作られ、{sources} からの接続を受け付けます',
        nodePort: 'type NodePort の Service {name} はすべてのノードで {ports} を開きます',
        schemeIgnored:
          '{scheme} を読むのは AWS Load Balancer Controller だけです。in-tree のコントローラーは {internal} が設定されていない限りインターネット向けのロードバランサーを作ります',
        openRange: '送信元の範囲 {range} はすべてのアドレスを受け付けます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const svc of state.k8s.services) {
      if (!isKnown(svc.type)) continue;
      if (svc.type.value === 'NodePort') {
        const ports = svc.ports.map((p) =>
          p.nodePort ? `node port ${p.nodePort.value}` : `an allocated node port for ${p.port?.value ?? '?'}`,
        );
        ctx.report({
          at: svc.type.src,
          resource: svc,
          messageId: 'nodePort',
          data: { name: objectLabel(svc), ports: ports.length > 0 ? ports.join(', ') : 'its ports' },
        });
        continue;
      }
      if (svc.type.value !== 'LoadBalancer') continue;
      const controller = controllerOf(svc);
      if (controller === 'other') continue;
      const facing = internetFacing(svc, controller);
      if (!facing) continue;
      const ranges = sourceRanges(svc);
      const open = ranges?.filter((r) => OPEN.has(r.value));
      if (ranges && open?.length === 0) continue;
      const related: Related<'schemeIgnored' | 'openRange'>[] = [...facing.related];
      for (const r of open ?? [])
        related.push({ src: r.src, messageId: 'openRange', data: { range: r.value } });
      ctx.report({
        at: facing.at,
        resource: svc,
        messageId: 'internetFacing',
        data: {
          name: objectLabel(svc),
          controller: controller === 'lbc' ? 'AWS Load Balancer Controller' : 'in-tree cloud provider',
          sources: ranges ? (open?.map((r) => r.value).join(', ') ?? '') : 'any address',
        },
        localized: {
          ...(controller === 'lbc'
            ? {}
            : { controller: { en: 'in-tree cloud provider', ja: 'in-tree のクラウドプロバイダー' } }),
          ...(ranges ? {} : { sources: { en: 'any address', ja: 'すべてのアドレス' } }),
        },
        related,
      });
    }
  },
});
