# The same cluster as ../../netpol, but the vpc-cni add-on is configured without
# `enableNetworkPolicy`: the network policy agent is off (it is opt-in), so EKS accepts every
# NetworkPolicy of k8s/ and enforces none of them (NET-006; every NET finding says so).
locals {
  cluster = "shop-prod"
  subnets = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6a71829"]
}

resource "aws_kms_key" "eks" {
  description         = "shop-prod Kubernetes Secrets"
  enable_key_rotation = true
}

resource "aws_kms_key" "logs" {
  description         = "shop-prod control-plane logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "eks" {
  name              = "/aws/eks/${local.cluster}/cluster"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_eks_cluster" "shop" {
  name     = local.cluster
  role_arn = "arn:aws:iam::777788889999:role/shop-prod-cluster"
  version  = "1.36"

  vpc_config {
    subnet_ids              = local.subnets
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  encryption_config {
    provider {
      key_arn = aws_kms_key.eks.arn
    }
    resources = ["secrets"]
  }

  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  depends_on = [aws_cloudwatch_log_group.eks]
}

resource "aws_eks_addon" "vpc_cni" {
  cluster_name = aws_eks_cluster.shop.name
  addon_name   = "vpc-cni"
  configuration_values = jsonencode({
    env = { ENABLE_PREFIX_DELEGATION = "true" }
  })
}
