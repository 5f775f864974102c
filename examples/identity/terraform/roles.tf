# The workload roles. Three use IRSA (trust: the cluster's OIDC provider, exactly one
# ServiceAccount, audience sts.amazonaws.com), two use EKS Pod Identity (access.tf).

# storefront/api: reads the product catalogue (read-only, one bucket)
resource "aws_iam_role" "storefront_api" {
  name = "storefront-api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::777788889999:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5E1D7C0FFEE0C0DE5E1D7C0FFEE0C0DE" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/5E1D7C0FFEE0C0DE5E1D7C0FFEE0C0DE:sub" = "system:serviceaccount:storefront:api"
          "oidc.eks.eu-west-1.amazonaws.com/id/5E1D7C0FFEE0C0DE5E1D7C0FFEE0C0DE:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "storefront_api" {
  name = "catalogue-read"
  role = aws_iam_role.storefront_api.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::shop-catalogue", "arn:aws:s3:::shop-catalogue/*"]
    }]
  })
}

# payments/reporter: exports reports; someone granted it every object of every bucket
resource "aws_iam_role" "payments_reporter" {
  name = "payments-reporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::777788889999:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5E1D7C0FFEE0C0DE5E1D7C0FFEE0C0DE" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/5E1D7C0FFEE0C0DE5E1D7C0FFEE0C0DE:sub" = "system:serviceaccount:payments:reporter"
          "oidc.eks.eu-west-1.amazonaws.com/id/5E1D7C0FFEE0C0DE5E1D7C0FFEE0C0DE:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "payments_reporter" {
  name = "reports"
  role = aws_iam_role.payments_reporter.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "*"
    }]
  })
}

# platform/deployer: the CD system's role: administrator
resource "aws_iam_role" "platform_deployer" {
  name = "platform-deployer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::777788889999:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5E1D7C0FFEE0C0DE5E1D7C0FFEE0C0DE" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/5E1D7C0FFEE0C0DE5E1D7C0FFEE0C0DE:sub" = "system:serviceaccount:platform:deployer"
          "oidc.eks.eu-west-1.amazonaws.com/id/5E1D7C0FFEE0C0DE5E1D7C0FFEE0C0DE:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "platform_deployer" {
  role       = aws_iam_role.platform_deployer.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# storefront/web (Pod Identity): one DynamoDB table
resource "aws_iam_role" "storefront_web" {
  name = "storefront-web"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role_policy" "storefront_web" {
  name = "sessions"
  role = aws_iam_role.storefront_web.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem"]
      Resource = "arn:aws:dynamodb:eu-west-1:777788889999:table/sessions"
    }]
  })
}

# payments/worker (Pod Identity): reads every secret of the account and decrypts with any key
resource "aws_iam_role" "payments_worker" {
  name = "payments-worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role_policy" "payments_worker" {
  name = "secrets"
  role = aws_iam_role.payments_worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue", "kms:Decrypt"]
      Resource = "*"
    }]
  })
}
