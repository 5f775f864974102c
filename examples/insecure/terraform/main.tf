# An ECS service as it often starts out: one role for everything, a public IP, no security group.
variable "env" {
  default = "staging"
}

locals {
  name = "billing-${var.env}"
}

resource "aws_iam_role" "app" {
  name = local.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

resource "aws_ecs_cluster" "main" {
  name = local.name
}

resource "aws_ecs_task_definition" "api" {
  family                   = local.name
  task_role_arn            = aws_iam_role.app.arn
  execution_role_arn       = aws_iam_role.app.arn
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"

  container_definitions = jsonencode([
    {
      name  = "api"
      image = "public.ecr.aws/nginx/nginx:latest"
      environment = [
        { name = "DB_PASSWORD", value = "hunter2-staging" },
      ]
      emptyDir = {}
    }
  ])

  volume {
    name = "shared"
    efs_volume_configuration {
      file_system_id = "fs-0123456789abcdef0"
    }
  }
}

resource "aws_ecs_service" "api" {
  name                   = local.name
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.api.arn
  launch_type            = "FARGATE"
  enable_execute_command = true

  network_configuration {
    subnets = ["subnet-0a1b2c3d4e5f60718"]
    # hako:ignore ECS-013 the staging API is reached directly; tracked in OPS-204
    assign_public_ip = true
  }
}

module "agent" {
  source = "./modules/worker"
  name   = "log-agent"
}
