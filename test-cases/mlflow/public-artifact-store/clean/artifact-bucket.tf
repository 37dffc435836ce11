# MLflow artifact store: private, ACLs disabled, Block Public Access on. The tracking server serves
# artifacts (mlflow server --serve-artifacts), so only its role touches the bucket.

resource "aws_s3_bucket" "mlflow_artifacts" {
  bucket = "acme-mlflow-artifacts"
}

resource "aws_s3_bucket_ownership_controls" "mlflow_artifacts" {
  bucket = aws_s3_bucket.mlflow_artifacts.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "mlflow_artifacts" {
  bucket                  = aws_s3_bucket.mlflow_artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_acl" "mlflow_artifacts" {
  depends_on = [aws_s3_bucket_ownership_controls.mlflow_artifacts]
  bucket     = aws_s3_bucket.mlflow_artifacts.id
  acl        = "private"
}

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
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
      Resource = "arn:aws:s3:::acme-mlflow-artifacts/mlflow/*"
    }]
  })
}
