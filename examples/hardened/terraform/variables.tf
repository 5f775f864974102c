variable "name" {
  type    = string
  default = "orders"
}

variable "image_digest" {
  type = string
}

variable "subnets" {
  type = list(string)
}
