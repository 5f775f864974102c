# The "shop" EKS cluster: three teams (storefront, payments, platform) share it. Authentication
# moved to access entries, but the old aws-auth ConfigMap (k8s/aws-auth.yaml) is still read.
# Its pods get AWS credentials through IRSA (roles.tf) and EKS Pod Identity (access.tf).
locals {
  account = "777788889999"
  issuer  = "oidc.eks.eu-west-1.amazonaws.com/id/5E1D7C0FFEE0C0DE5E1D7C0FFEE0C0DE"
}

resource "aws_kms_key" "shop" {
  description             = "shop Kubernetes Secrets"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_cloudwatch_log_group" "shop" {
  name              = "/aws/eks/shop/cluster"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.shop.arn
}

resource "aws_eks_cluster" "shop" {
  name     = "shop"
  role_arn = "arn:aws:iam::777788889999:role/shop-cluster"
  version  = "1.34"

  access_config {
    authentication_mode                         = "API_AND_CONFIG_MAP"
    bootstrap_cluster_creator_admin_permissions = false
  }

  vpc_config {
    subnet_ids              = ["subnet-0c1d2e3f405162738", "subnet-0d2e3f40516273849"]
    endpoint_public_access  = false
    endpoint_private_access = true
  }

  encryption_config {
    provider {
      key_arn = aws_kms_key.shop.arn
    }
    resources = ["secrets"]
  }

  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
  depends_on                = [aws_cloudwatch_log_group.shop]
}

resource "aws_iam_openid_connect_provider" "shop" {
  url             = "https://${local.issuer}"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
}

resource "aws_eks_addon" "pod_identity" {
  cluster_name = aws_eks_cluster.shop.name
  addon_name   = "eks-pod-identity-agent"
}
