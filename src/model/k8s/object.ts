/** A Kubernetes object as scanned. Workload, RBAC and NetworkPolicy views build on it. */
import type { Node } from '../../parse/tree.js';
import type { Resource } from '../resource.js';

export interface K8sObject extends Resource {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** 0-based document position in its file. */
  index: number;
  node: Node;
}
