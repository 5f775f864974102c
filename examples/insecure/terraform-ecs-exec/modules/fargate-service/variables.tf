variable "name" {
  type = string
}

variable "cluster_arn" {
  type = string
}

variable "image" {
  type = string
}

variable "db_secret_arn" {
  type = string
}

variable "enable_exec" {
  type    = bool
  default = false
}

variable "subnets" {
  type = list(string)
}

variable "execution_policy_arns" {
  type    = list(string)
  default = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
}
