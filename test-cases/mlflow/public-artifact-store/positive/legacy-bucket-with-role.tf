# Older module (AWS provider 3.x style): the ACL is an argument of the bucket itself.
# The same file grants the tracking server its role, so the file is read as IAM Terraform too.

resource "aws_s3_bucket" "training_exchange" {
  bucket = "acme-training-exchange"
  acl    = "public-read-write"
}

resource "aws_s3_bucket_public_access_block" "training_exchange" {
  bucket            = aws_s3_bucket.training_exchange.id
  block_public_acls = true
}

resource "aws_iam_role" "mlflow_server" {
  name = "mlflow-server"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "mlflow_server_artifacts" {
  name = "mlflow-artifacts"
  role = aws_iam_role.mlflow_server.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::acme-training-exchange/mlflow/*"
    }]
  })
}
