// Action lists the IAM rules share, as data: one place to review what each rule looks for.
// Ids are written with AWS's capitalisation and checked against the catalog by a test.

/** Reads of data and secrets that, granted on "*", reach every object, secret, parameter or key. */
export const DATA_READ_ACTIONS: readonly string[] = [
  's3:GetObject',
  's3:GetObjectVersion',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'kms:Decrypt',
];

/** Actions whose response is a credential, token or signed login URL. */
export const CREDENTIAL_ACTIONS: readonly string[] = [
  'iam:CreateAccessKey',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'sts:GetFederationToken',
  'ecr:GetAuthorizationToken',
  'ecr-public:GetAuthorizationToken',
  'codeartifact:GetAuthorizationToken',
  'redshift:GetClusterCredentials',
  'redshift:GetClusterCredentialsWithIAM',
  'redshift-serverless:GetCredentials',
  'sagemaker:CreatePresignedNotebookInstanceUrl',
  'sagemaker:CreatePresignedDomainUrl',
  'sagemaker:CreatePresignedMlflowTrackingServerUrl',
  'ec2:GetPasswordData',
  'lightsail:GetInstanceAccessDetails',
  'cognito-identity:GetCredentialsForIdentity',
];

/** Actions that change who else may use a resource: policies, ACLs, grants, shares. */
export const RESOURCE_EXPOSURE_ACTIONS: readonly string[] = [
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  's3:PutObjectAcl',
  's3:PutObjectVersionAcl',
  's3:PutAccessPointPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutAccountPublicAccessBlock',
  'iam:UpdateAssumeRolePolicy',
  'sagemaker:PutModelPackageGroupPolicy',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'ecr:SetRepositoryPolicy',
  'lambda:AddPermission',
  'lambda:AddLayerVersionPermission',
  'secretsmanager:PutResourcePolicy',
  'glue:PutResourcePolicy',
  'logs:PutResourcePolicy',
  'sns:AddPermission',
  'sqs:AddPermission',
  'ec2:ModifySnapshotAttribute',
  'ec2:ModifyImageAttribute',
  'rds:ModifyDBSnapshotAttribute',
  'ram:CreateResourceShare',
];

/** Services whose whole List and Read surface is enumeration of the account: who exists, what runs where. */
export const RECON_SERVICES: readonly string[] = ['iam', 'ec2', 'organizations', 'account', 'sso', 'identitystore', 'cloudtrail'];

/** Single listing actions elsewhere that map the account's data and secrets. */
export const RECON_ACTIONS: readonly string[] = [
  's3:ListAllMyBuckets',
  'secretsmanager:ListSecrets',
  'ssm:DescribeParameters',
  'kms:ListKeys',
  'kms:ListAliases',
  'lambda:ListFunctions',
  'ecr:DescribeRepositories',
  'rds:DescribeDBInstances',
  'dynamodb:ListTables',
  'sagemaker:ListModelPackageGroups',
];

/** Service wildcards rated high rather than medium: they govern identity, keys and the organisation. */
export const CRITICAL_SERVICES: readonly string[] = ['iam', 'sts', 'kms', 'organizations', 'account', 'sso'];
