# The registry the platform cluster pulls from.
resource "aws_kms_key" "ecr" {
  description = "platform ECR images"
}

resource "aws_ecr_repository" "payments_api" {
  name                 = "payments-api"
  image_tag_mutability = "MUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

# "Keep 20 images, expire untagged after a week": the catch-all rule comes first, and a count
# rule got a countUnit.
resource "aws_ecr_lifecycle_policy" "payments_api" {
  repository = aws_ecr_repository.payments_api.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "keep the last 20 images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = 20
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
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
        rulePriority = 3
        description  = "keep 5 release candidates"
        selection = {
          tagStatus     = "tagged"
          tagPrefixList = ["rc"]
          countType     = "imageCountMoreThan"
          countUnit     = "days"
          countNumber   = 5
        }
        action = { type = "expire" }
      },
    ]
  })
}

# Base images every team builds on: created with a name and nothing else.
resource "aws_ecr_repository" "base_images" {
  name = "platform/base-images"
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
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
      {
        Sid       = "OrgPush"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

# Basic scanning on push, and only for the payments repositories.
resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = "BASIC"

  rule {
    scan_frequency = "SCAN_ON_PUSH"
    repository_filter {
      filter      = "payments"
      filter_type = "WILDCARD"
    }
  }
}

# "Turn on Inspector for ECR", as a guide wrote it: no account_ids, and resource types that do
# not exist (the type is ECR), so Inspector never scans the images.
resource "aws_inspector2_enabler" "ecr" {
  resource_types = ["ECR_IMG_REPOSITORY"]
}
