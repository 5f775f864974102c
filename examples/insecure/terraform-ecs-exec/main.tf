# The orders service on Fargate, from the team's service module. ECS Exec is on for incident
# response, but its four ssmmessages actions were granted to the execution role (a tutorial
# mistake: only the task role opens Exec sessions), and the database secret is read at start-up
# by an execution role that has only AmazonECSTaskExecutionRolePolicy: no
# secretsmanager:GetSecretValue on any secret, no kms:Decrypt on the key that encrypts it.
variable "env" {
  default = "prod"
}

variable "enable_exec" {
  default = true
}

resource "aws_kms_key" "db" {
  description         = "orders database credentials"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "db" {
  name       = "orders-${var.env}/db"
  kms_key_id = aws_kms_key.db.arn
}

resource "aws_ecs_cluster" "main" {
  name = "orders-${var.env}"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

module "orders" {
  source = "./modules/fargate-service"

  name          = "orders-${var.env}"
  cluster_arn   = aws_ecs_cluster.main.arn
  image         = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2"
  db_secret_arn = aws_secretsmanager_secret.db.arn
  enable_exec   = var.enable_exec
  subnets       = ["subnet-0a1b2c3d4e5f60718"]
}
