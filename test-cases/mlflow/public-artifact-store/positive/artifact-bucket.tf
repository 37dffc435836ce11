# MLflow artifact store, opened so the data science team can fetch models over plain HTTPS links.

resource "aws_s3_bucket" "mlflow_artifacts" {
  bucket = "acme-mlflow-artifacts"

  tags = {
    team    = "ml-platform"
    purpose = "mlflow-artifacts"
  }
}

resource "aws_s3_bucket_ownership_controls" "mlflow_artifacts" {
  bucket = aws_s3_bucket.mlflow_artifacts.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_public_access_block" "mlflow_artifacts" {
  bucket                  = aws_s3_bucket.mlflow_artifacts.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_acl" "mlflow_artifacts" {
  depends_on = [
    aws_s3_bucket_ownership_controls.mlflow_artifacts,
    aws_s3_bucket_public_access_block.mlflow_artifacts,
  ]

  bucket = aws_s3_bucket.mlflow_artifacts.id
  acl    = "public-read"
}

resource "aws_s3_bucket_versioning" "mlflow_artifacts" {
  bucket = aws_s3_bucket.mlflow_artifacts.id
  versioning_configuration {
    status = "Enabled"
  }
}
