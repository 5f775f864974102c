# Who gets into the cluster through access entries, and which pods get which role through
# Pod Identity.

# the on-call platform engineers: cluster admin
resource "aws_eks_access_entry" "oncall" {
  cluster_name  = aws_eks_cluster.shop.name
  principal_arn = "arn:aws:iam::777788889999:role/platform-oncall"
}

resource "aws_eks_access_policy_association" "oncall" {
  cluster_name  = aws_eks_cluster.shop.name
  principal_arn = "arn:aws:iam::777788889999:role/platform-oncall"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

# payments developers: edit in their namespace only
resource "aws_eks_access_entry" "payments_dev" {
  cluster_name  = aws_eks_cluster.shop.name
  principal_arn = "arn:aws:iam::777788889999:role/payments-dev"
}

resource "aws_eks_access_policy_association" "payments_dev" {
  cluster_name  = aws_eks_cluster.shop.name
  principal_arn = "arn:aws:iam::777788889999:role/payments-dev"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
  access_scope {
    type       = "namespace"
    namespaces = ["payments"]
  }
}

# auditors: read everything but Secrets
resource "aws_eks_access_entry" "auditor" {
  cluster_name  = aws_eks_cluster.shop.name
  principal_arn = "arn:aws:iam::777788889999:role/auditor"
}

resource "aws_eks_access_policy_association" "auditor" {
  cluster_name  = aws_eks_cluster.shop.name
  principal_arn = "arn:aws:iam::777788889999:role/auditor"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type = "cluster"
  }
}

# the node role: an EC2_LINUX entry (EKS gives it system:nodes; an access policy on it grants nothing)
resource "aws_eks_access_entry" "nodes" {
  cluster_name  = aws_eks_cluster.shop.name
  principal_arn = "arn:aws:iam::777788889999:role/shop-node"
  type          = "EC2_LINUX"
}

resource "aws_eks_access_policy_association" "nodes" {
  cluster_name  = aws_eks_cluster.shop.name
  principal_arn = "arn:aws:iam::777788889999:role/shop-node"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_pod_identity_association" "storefront_web" {
  cluster_name    = aws_eks_cluster.shop.name
  namespace       = "storefront"
  service_account = "web"
  role_arn        = "arn:aws:iam::777788889999:role/storefront-web"
}

resource "aws_eks_pod_identity_association" "payments_worker" {
  cluster_name    = aws_eks_cluster.shop.name
  namespace       = "payments"
  service_account = "worker"
  role_arn        = "arn:aws:iam::777788889999:role/payments-worker"
}
