# Inference endpoint role for the churn model.

variable "models_bucket" {
  type    = string
  default = "churn-models"
}

resource "aws_s3_bucket" "models" {
  bucket = var.models_bucket
}

data "aws_iam_policy_document" "inference_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["123456789012"]
    }
  }
}

resource "aws_iam_role" "inference" {
  name               = "churn-inference"
  assume_role_policy = data.aws_iam_policy_document.inference_trust.json

  inline_policy {
    name = "read-models"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "ReadModels"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:ListBucket"]
          Resource = [aws_s3_bucket.models.arn, "${aws_s3_bucket.models.arn}/*"]
        },
      ]
    })
  }
}

resource "aws_iam_role_policy" "metrics" {
  name = "publish-metrics"
  role = aws_iam_role.inference.id

  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "cloudwatch:PutMetricData",
          "Resource": "*"
        }
      ]
    }
  EOF
}

resource "aws_iam_role_policy_attachment" "ecr" {
  role       = aws_iam_role.inference.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
}

resource "aws_s3_bucket_policy" "models" {
  bucket = aws_s3_bucket.models.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = aws_iam_role.inference.arn }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.models.arn}/*"
    }]
  })
}
