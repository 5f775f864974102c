# The api repository's lifecycle policy, written "to keep the registry tidy": release tags are
# kept by count, but the api service (../ecs/api.service.json) still pins 4.1.0, which is no
# longer among the three newest releases. The next task launch of api would fail to pull (ECR-007).
resource "aws_ecr_lifecycle_policy" "api" {
  repository = "api"
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "untagged builds go after a week"
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
        description  = "keep the three newest releases"
        selection = {
          tagStatus      = "tagged"
          tagPatternList = ["*.*.*"]
          countType      = "imageCountMoreThan"
          countNumber    = 3
        }
        action = { type = "expire" }
      }
    ]
  })
}
