# The ledger team's production EKS cluster done right: private API endpoint only, Secrets
# encrypted with a rotating customer key, every control-plane log type into the one log group EKS
# writes to (retention and KMS set), access entries only (API mode, no hidden creator admin, no
# aws-auth), namespace-scoped access policies, node groups without SSH, GuardDuty audit-log and
# runtime monitoring, and an EventBridge rule that matches real Inspector findings. The registry is
# in ecr.tf. Kubernetes 1.36 is in standard support until 2027-08-02.
locals {
  cluster = "ledger-prod"
  subnets = ["subnet-0c1d2e3f4a5b60718", "subnet-0d2e3f4a5b6c71829"]
}

resource "aws_kms_key" "eks" {
  description             = "ledger-prod Kubernetes Secrets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_key" "logs" {
  description         = "ledger-prod control-plane logs"
  enable_key_rotation = true
}

# Pre-created with the exact name EKS writes to, so retention and encryption apply.
resource "aws_cloudwatch_log_group" "eks" {
  name              = "/aws/eks/${local.cluster}/cluster"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_eks_cluster" "ledger" {
  name     = local.cluster
  role_arn = "arn:aws:iam::444455556666:role/ledger-prod-cluster"
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

# The VPC CNI network policy agent is opt-in: without it NetworkPolicies are accepted and ignored.
resource "aws_eks_addon" "vpc_cni" {
  cluster_name = aws_eks_cluster.ledger.name
  addon_name   = "vpc-cni"
  configuration_values = jsonencode({
    enableNetworkPolicy = "true"
  })
}

resource "aws_eks_node_group" "general" {
  cluster_name    = aws_eks_cluster.ledger.name
  node_group_name = "general"
  node_role_arn   = "arn:aws:iam::444455556666:role/ledger-prod-node"
  subnet_ids      = local.subnets
  instance_types  = ["m7i.large"]

  scaling_config {
    desired_size = 3
    max_size     = 6
    min_size     = 3
  }

  update_config {
    max_unavailable = 1
  }
}

# Humans and CI through access entries, each scoped to what it needs.
resource "aws_eks_access_entry" "ledger_admins" {
  cluster_name  = aws_eks_cluster.ledger.name
  principal_arn = "arn:aws:iam::444455556666:role/ledger-admins"
  type          = "STANDARD"
}

resource "aws_eks_access_policy_association" "ledger_admins" {
  cluster_name  = aws_eks_cluster.ledger.name
  principal_arn = "arn:aws:iam::444455556666:role/ledger-admins"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"

  access_scope {
    type       = "namespace"
    namespaces = ["ledger", "ledger-*"]
  }
}

resource "aws_eks_access_entry" "developers" {
  cluster_name  = aws_eks_cluster.ledger.name
  principal_arn = "arn:aws:iam::444455556666:role/developers"
}

resource "aws_eks_access_policy_association" "developers" {
  cluster_name  = aws_eks_cluster.ledger.name
  principal_arn = "arn:aws:iam::444455556666:role/developers"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"

  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_entry" "deploy" {
  cluster_name  = aws_eks_cluster.ledger.name
  principal_arn = "arn:aws:iam::444455556666:role/ledger-deploy"
}

resource "aws_eks_access_policy_association" "deploy" {
  cluster_name  = aws_eks_cluster.ledger.name
  principal_arn = "arn:aws:iam::444455556666:role/ledger-deploy"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"

  access_scope {
    type       = "namespace"
    namespaces = ["ledger"]
  }
}

resource "aws_guardduty_detector" "main" {
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}

resource "aws_guardduty_detector_feature" "eks_audit_logs" {
  detector_id = aws_guardduty_detector.main.id
  name        = "EKS_AUDIT_LOGS"
  status      = "ENABLED"
}

resource "aws_guardduty_detector_feature" "runtime" {
  detector_id = aws_guardduty_detector.main.id
  name        = "RUNTIME_MONITORING"
  status      = "ENABLED"

  additional_configuration {
    name   = "EKS_ADDON_MANAGEMENT"
    status = "ENABLED"
  }
}

# Page the on-call for critical and high findings on images, in the documented event shape.
resource "aws_cloudwatch_event_rule" "image_findings" {
  name        = "ledger-image-findings"
  description = "Critical and high Inspector findings on ECR images"
  event_pattern = jsonencode({
    source      = ["aws.inspector2"]
    detail-type = ["Inspector2 Finding"]
    detail = {
      severity  = ["CRITICAL", "HIGH"]
      status    = ["ACTIVE"]
      resources = { type = ["AWS_ECR_CONTAINER_IMAGE"] }
    }
  })
}

resource "aws_cloudwatch_event_target" "image_findings" {
  rule = aws_cloudwatch_event_rule.image_findings.name
  arn  = "arn:aws:sns:us-east-1:444455556666:ledger-oncall"
}
