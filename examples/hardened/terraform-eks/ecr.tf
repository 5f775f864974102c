# The ledger registry: immutable tags, customer-key encryption, a valid lifecycle policy on every
# repository, Inspector continuous scanning, pull for the organization and push for the team's own
# CI role only, and replication to the DR region with one PREFIX_MATCH filter.
resource "aws_kms_key" "ecr" {
  description         = "ledger ECR images"
  enable_key_rotation = true
}

locals {
  # expire untagged images after a week, keep the last 50 releases
  lifecycle = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "expire untagged images after a week"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 7
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "keep the last 50 releases"
        selection = {
          tagStatus      = "tagged"
          tagPatternList = ["v*.*.*"]
          countType      = "imageCountMoreThan"
          countNumber    = 50
        }
        action = { type = "expire" }
      },
    ]
  })
}

resource "aws_ecr_repository" "ledger_api" {
  name                 = "ledger-api"
  image_tag_mutability = "IMMUTABLE"

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_lifecycle_policy" "ledger_api" {
  repository = aws_ecr_repository.ledger_api.name
  policy     = local.lifecycle
}

resource "aws_ecr_repository" "base_images" {
  name                 = "ledger/base-images"
  image_tag_mutability = "IMMUTABLE"

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_lifecycle_policy" "base_images" {
  repository = aws_ecr_repository.base_images.name
  policy     = local.lifecycle
}

resource "aws_ecr_repository_policy" "base_images" {
  repository = aws_ecr_repository.base_images.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "OrgPull"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-f6e5d4c3b2" } }
      },
      {
        Sid       = "LedgerCiPush"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:role/ledger-ci" }
        Action    = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
      },
    ]
  })
}

resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = "ENHANCED"

  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "ledger*"
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_ecr_replication_configuration" "dr" {
  replication_configuration {
    rule {
      destination {
        region      = "us-west-2"
        registry_id = "444455556666"
      }
      repository_filter {
        filter      = "ledger"
        filter_type = "PREFIX_MATCH"
      }
    }
  }
}
