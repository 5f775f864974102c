# The platform team's first production EKS cluster, built from a blog post: every setting it does
# not mention is left at the API default (public endpoint open to the internet, CONFIG_MAP
# authentication, the creator as a hidden cluster admin), and the pieces added later (access
# entries, a dedicated audit log group, GuardDuty runtime monitoring) each carry a mistake from the
# post. ECR lives beside it in ecr.tf.
locals {
  cluster = "platform-prod"
  account = "111122223333"
}

resource "aws_kms_key" "eks" {
  description             = "platform-prod Kubernetes Secrets"
  deletion_window_in_days = 30
}

resource "aws_eks_cluster" "platform" {
  name     = local.cluster
  role_arn = "arn:aws:iam::111122223333:role/platform-prod-cluster"
  version  = "1.30"

  vpc_config {
    subnet_ids             = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]
    endpoint_public_access = true
  }

  encryption_config {
    provider {
      key_arn = aws_kms_key.eks.arn
    }
    resources = ["secrets"]
  }

  enabled_cluster_log_types = ["api", "audit"]
}

resource "aws_eks_node_group" "general" {
  cluster_name    = aws_eks_cluster.platform.name
  node_group_name = "general"
  node_role_arn   = "arn:aws:iam::111122223333:role/platform-prod-node"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]
  instance_types  = ["m6i.large"]

  scaling_config {
    desired_size = 3
    max_size     = 6
    min_size     = 3
  }

  # "so we can debug nodes": no source security groups, so port 22 is open to the world
  remote_access {
    ec2_ssh_key = "platform-ops"
  }
}

# Access entries added without switching the cluster to API_AND_CONFIG_MAP first.
resource "aws_eks_access_entry" "developers" {
  cluster_name  = aws_eks_cluster.platform.name
  principal_arn = "arn:aws:iam::111122223333:role/developers"
  type          = "EC2_LINUX"
}

resource "aws_eks_access_policy_association" "developers" {
  cluster_name  = aws_eks_cluster.platform.name
  principal_arn = "arn:aws:iam::111122223333:role/developers"
  policy_arn    = "arn:aws:eks::aws:access-policy/AmazonEKSViewPolicy"

  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_entry" "platform_admins" {
  cluster_name  = aws_eks_cluster.platform.name
  principal_arn = "arn:aws:iam::111122223333:role/platform-admins"
}

resource "aws_eks_access_policy_association" "platform_admins" {
  cluster_name  = aws_eks_cluster.platform.name
  principal_arn = "arn:aws:iam::111122223333:role/platform-admins"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}

# The aws-auth ConfigMap is still what the cluster reads (CONFIG_MAP mode).
resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }

  data = {
    mapRoles = yamlencode([
      {
        rolearn  = "arn:aws:iam::111122223333:role/platform-prod-node"
        username = "system:node:{{EC2PrivateDNSName}}"
        groups   = ["system:bootstrappers", "system:nodes"]
      },
      {
        rolesArn = "arn:aws:iam::111122223333:role/platform-oncall"
        username = "platform-oncall"
        groups   = ["platform-oncall"]
      },
      {
        rolearn  = "arn:aws:iam::111122223333:role/github-actions-deploy"
        username = "github-actions"
        groups   = ["system:masters"]
      },
    ])
  }

  force = true
}

# A "dedicated audit log group": EKS only ever writes to /aws/eks/platform-prod/cluster.
resource "aws_cloudwatch_log_group" "eks_audit" {
  name              = "/aws/eks/${local.cluster}/audit"
  retention_in_days = 365
}

resource "aws_guardduty_detector" "main" {
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}

resource "aws_guardduty_detector_feature" "runtime" {
  detector_id = aws_guardduty_detector.main.id
  name        = "RUNTIME_MONITORING"
  status      = "ENABLED"
}

# Added "to be sure" EKS is covered: the legacy feature next to RUNTIME_MONITORING is an API error.
resource "aws_guardduty_detector_feature" "eks_runtime" {
  detector_id = aws_guardduty_detector.main.id
  name        = "EKS_RUNTIME_MONITORING"
  status      = "ENABLED"
}

# Page the on-call for critical image findings: the pattern is copied from a guide and never matches.
resource "aws_cloudwatch_event_rule" "critical_image_findings" {
  name        = "ecr-critical-image-findings"
  description = "Critical Inspector findings on ECR images"
  event_pattern = jsonencode({
    source      = ["aws.inspector2"]
    detail-type = ["Inspector2 Finding - Severity Change"]
    detail = {
      finding  = { severity = ["CRITICAL"] }
      resource = { type = ["AWS_ECR_IMAGE"] }
    }
  })
}

resource "aws_cloudwatch_event_target" "critical_image_findings" {
  rule = aws_cloudwatch_event_rule.critical_image_findings.name
  arn  = "arn:aws:sns:us-east-1:111122223333:platform-oncall"
}

# A custom launch template that leaves IMDSv1 on and lets pods fetch IMDSv2 tokens (hop limit 2):
# every pod can read the node role's credentials.
resource "aws_launch_template" "batch" {
  name          = "platform-prod-batch"
  instance_type = "c6i.xlarge"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "optional"
    http_put_response_hop_limit = 2
  }
}

resource "aws_eks_node_group" "batch" {
  cluster_name    = aws_eks_cluster.platform.name
  node_group_name = "batch"
  node_role_arn   = "arn:aws:iam::111122223333:role/platform-prod-node"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]

  scaling_config {
    desired_size = 1
    max_size     = 4
    min_size     = 0
  }

  launch_template {
    id      = aws_launch_template.batch.id
    version = aws_launch_template.batch.latest_version
  }
}
