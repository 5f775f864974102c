variable "name" {}

variable "count_per_host" {
  default = 1
}

# One EC2 daemon per index; its containers are kept in a JSON file next to the module.
resource "aws_ecs_task_definition" "daemon" {
  count                    = var.count_per_host
  family                   = "${var.name}-${count.index}"
  requires_compatibilities = ["EC2"]
  pid_mode                 = "host"
  container_definitions    = file("${path.module}/containers.json")

  volume {
    name      = "docker"
    host_path = "/var/run/docker.sock"
  }
}
