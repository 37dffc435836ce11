// What a workload of each purpose needs from AWS (required requests, each with the reason) and what it must
// never be able to do (risky requests). The rewrite grants exactly the required statements; the verifier
// proves each required request is allowed on its intended resource and each risky request is denied.

export type Purpose = 'inference' | 'training-job' | 'notebook' | 'ci-deployer';
export const PURPOSES: readonly Purpose[] = ['inference', 'training-job', 'notebook', 'ci-deployer'];

export const PURPOSE_NAMES: Record<Purpose, string> = {
  inference: 'inference service',
  'training-job': 'training job',
  notebook: 'notebook server',
  'ci-deployer': 'CI deployer',
};

/** An S3 location: bucket plus key prefix ('' for the whole bucket, otherwise ending in '/'). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

export interface ProfileParameters {
  purpose: Purpose;
  account: string;
  region: string;
  /** The workload, for default log group names and messages. */
  service: string;
  logGroup: string;
  /** The log group does not exist beforehand: the workload creates it (logs:CreateLogGroup on that group only). */
  createLogGroup: boolean;
  /** inference reads it; training-job and ci-deployer write to it; notebook tracks experiments in it. */
  artifacts?: S3Location;
  /** training-job and notebook read it. */
  data?: S3Location;
  /** training-job: an ECR repository to pull the training image from. */
  ecrRepository?: string;
  /** training-job, ci-deployer: the one execution role the workload may pass, and to which service. */
  passRole?: { arn: string; service: string };
  /** ci-deployer: the SageMaker endpoint it updates. */
  endpoint?: string;
  /** ci-deployer: the SageMaker model package group it registers versions in. */
  modelPackageGroup?: string;
  /** Other buckets of the platform (from the inventory): reads of them are risky requests too. */
  otherBuckets?: string[];
}

/** One statement of the rewritten policy with the requests it exists for. */
export interface RequiredStatement {
  sid: string;
  actions: string[];
  resources: string[];
  condition?: Record<string, Record<string, string>>;
  why: string;
  /** Concrete requests inside the grant that must be allowed (the verifier's checks). */
  probes: Probe[];
}

export interface Probe {
  action: string;
  resource: string;
  context?: Record<string, string>;
}

export interface RiskyRequest extends Probe {
  why: string;
}

export interface Profile {
  parameters: ProfileParameters;
  statements: RequiredStatement[];
  risky: RiskyRequest[];
}

const SAMPLE_OBJECT = 'models/churn-model/1/model.pkl';

export function objectArn(location: S3Location, key = ''): string {
  return `arn:aws:s3:::${location.bucket}/${location.prefix}${key}`;
}

/** The ARN of a log group's streams; `log-group:NAME:*` is how IAM names everything in the group. */
function logGroupArn(p: ProfileParameters, group = p.logGroup): string {
  return `arn:aws:logs:${p.region}:${p.account}:log-group:${group}`;
}

function logStatements(p: ProfileParameters, who: string): RequiredStatement[] {
  const streams = `${logGroupArn(p)}:*`;
  const statements: RequiredStatement[] = [
    {
      sid: 'WriteLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [streams],
      why: `the ${who} writes its logs to ${p.logGroup}, and nowhere else`,
      probes: [
        { action: 'logs:CreateLogStream', resource: `${logGroupArn(p)}:log-stream:instance-1` },
        { action: 'logs:PutLogEvents', resource: `${logGroupArn(p)}:log-stream:instance-1` },
      ],
    },
  ];
  if (p.createLogGroup) {
    statements.push({
      sid: 'CreateLogGroup',
      actions: ['logs:CreateLogGroup'],
      // The service authorization reference names the group without ":*"; consoles and SDKs use both forms.
      resources: [logGroupArn(p), streams],
      why: `the ${who} creates ${p.logGroup} on first start (--create-log-group); only that group`,
      probes: [{ action: 'logs:CreateLogGroup', resource: logGroupArn(p) }],
    });
  }
  return statements;
}

/** Requests no workload of these purposes makes, each a known step of an attack. */
function commonRisky(p: ProfileParameters, who: string): RiskyRequest[] {
  const risky: RiskyRequest[] = [
    { action: 'iam:ListRoles', resource: '*', why: `maps the account's roles; the ${who} never lists roles` },
    { action: 'iam:GetRole', resource: `arn:aws:iam::${p.account}:role/admin`, why: 'reads trust and permissions of roles to pick one to abuse' },
    { action: 'ec2:DescribeInstances', resource: '*', why: 'lists hosts, addresses and instance roles: reconnaissance' },
    { action: 'ec2:DescribeVpcs', resource: '*', why: 'maps the network: reconnaissance' },
    { action: 'iam:PassRole', resource: `arn:aws:iam::${p.account}:role/admin`, context: { 'iam:PassedToService': 'ec2.amazonaws.com' }, why: 'hands a more powerful role to compute the caller starts' },
    { action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${p.account}:user/admin`, why: 'mints long-lived keys for another user' },
    { action: 'iam:AttachRolePolicy', resource: `arn:aws:iam::${p.account}:role/admin`, why: 'grants itself or another role any permission' },
    { action: 'sts:AssumeRole', resource: `arn:aws:iam::${p.account}:role/admin`, why: 'becomes another role' },
    { action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:${p.region}:${p.account}:secret:prod/db-AbCdEf`, why: 'reads secrets it was never given' },
    { action: 'ssm:GetParameter', resource: `arn:aws:ssm:${p.region}:${p.account}:parameter/prod/api-key`, why: 'reads configuration secrets' },
    { action: 'kms:Decrypt', resource: `arn:aws:kms:${p.region}:${p.account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, why: 'decrypts data under any key' },
    { action: 's3:GetObject', resource: 'arn:aws:s3:::another-bucket/export.csv', why: 'reads objects in buckets the workload does not use' },
    ...(p.otherBuckets ?? []).map((bucket) => ({ action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/export.csv`, why: `reads the platform's bucket ${bucket}, which the ${who} does not use` })),
    { action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::another-bucket', why: 'opens a bucket to anyone' },
    { action: 'logs:PutLogEvents', resource: `${logGroupArn(p, '/aws/other-service')}:log-stream:x`, why: "writes into another service's logs" },
    { action: 'logs:DeleteLogGroup', resource: logGroupArn(p), why: 'erases its own audit trail' },
  ];
  if (!p.createLogGroup) risky.push({ action: 'logs:CreateLogGroup', resource: logGroupArn(p), why: `${p.logGroup} is created beforehand; pass --create-log-group when the ${who} must create it` });
  risky.push({ action: 'logs:CreateLogGroup', resource: logGroupArn(p, '/aws/other-service'), why: 'creates log groups anywhere' });
  return risky;
}

/** Reads outside the prefix: the rest of the bucket and a sibling prefix that starts with the same letters. */
function outsidePrefix(location: S3Location, action: string, why: string): RiskyRequest[] {
  if (location.prefix === '') return [];
  const stem = location.prefix.replace(/\/$/, '');
  return [
    { action, resource: `arn:aws:s3:::${location.bucket}/other/${SAMPLE_OBJECT}`, why },
    { action, resource: `arn:aws:s3:::${location.bucket}/${stem}-backup/${SAMPLE_OBJECT}`, why: `${why} (a sibling prefix that starts with "${stem}")` },
  ];
}

export class ProfileError extends Error {}

export function buildProfile(p: ProfileParameters): Profile {
  const who = `${PURPOSE_NAMES[p.purpose]} ${p.service}`;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new ProfileError(`the ${PURPOSE_NAMES[p.purpose]} profile needs ${what}`);
    return value;
  };
  const statements: RequiredStatement[] = [];
  const risky = commonRisky(p, who);
  const passRole = (service: string): void => {
    if (!p.passRole) {
      risky.push({ action: 'iam:PassRole', resource: `arn:aws:iam::${p.account}:role/${p.service}-execution`, context: { 'iam:PassedToService': service }, why: 'no role to pass was named (--pass-role-arn), so none may be passed' });
      return;
    }
    const { arn, service: to } = p.passRole;
    statements.push({
      sid: 'PassExecutionRole',
      actions: ['iam:PassRole'],
      resources: [arn],
      condition: { StringEquals: { 'iam:PassedToService': to } },
      why: `hands the one execution role ${arn} to ${to}, and to no other service`,
      probes: [{ action: 'iam:PassRole', resource: arn, context: { 'iam:PassedToService': to } }],
    });
    risky.push(
      { action: 'iam:PassRole', resource: arn, context: { 'iam:PassedToService': 'ec2.amazonaws.com' }, why: 'the execution role passed to EC2 or Lambda runs the caller’s code with it' },
      { action: 'iam:PassRole', resource: `arn:aws:iam::${p.account}:role/another-role`, context: { 'iam:PassedToService': to }, why: 'any other role could be more powerful' },
    );
  };

  switch (p.purpose) {
    case 'inference': {
      const models = need(p.artifacts, 'the model artifact bucket (--bucket, --prefix)');
      statements.push({
        sid: 'ReadModelArtifacts',
        actions: ['s3:GetObject'],
        resources: [objectArn(models, '*')],
        why: `the ${who} loads model artifacts from s3://${models.bucket}/${models.prefix}`,
        probes: [{ action: 's3:GetObject', resource: objectArn(models, SAMPLE_OBJECT) }],
      });
      risky.push(
        ...outsidePrefix(models, 's3:GetObject', 'reads outside the model artifact prefix'),
        { action: 's3:PutObject', resource: objectArn(models, SAMPLE_OBJECT), why: 'overwrites the model it serves: a serving identity must not change models' },
        { action: 's3:DeleteObject', resource: objectArn(models, SAMPLE_OBJECT), why: 'deletes registered model versions' },
        { action: 's3:ListAllMyBuckets', resource: '*', why: 'lists every bucket in the account' },
      );
      break;
    }
    case 'training-job': {
      const data = need(p.data, 'the training data location (--data-bucket, --data-prefix)');
      const models = need(p.artifacts, 'the model artifact location (--bucket, --prefix)');
      statements.push(
        {
          sid: 'ReadTrainingData',
          actions: ['s3:GetObject'],
          resources: [objectArn(data, '*')],
          why: `the ${who} reads its training data from s3://${data.bucket}/${data.prefix}`,
          probes: [{ action: 's3:GetObject', resource: objectArn(data, 'train/part-0000.parquet') }],
        },
        {
          sid: 'WriteModelArtifacts',
          actions: ['s3:PutObject'],
          resources: [objectArn(models, '*')],
          why: `the ${who} writes the trained model to s3://${models.bucket}/${models.prefix}`,
          probes: [{ action: 's3:PutObject', resource: objectArn(models, SAMPLE_OBJECT) }],
        },
      );
      risky.push(
        ...outsidePrefix(data, 's3:GetObject', 'reads outside the training data prefix'),
        { action: 's3:PutObject', resource: objectArn(data, 'train/part-0000.parquet'), why: 'rewrites training data: data poisoning' },
        { action: 's3:DeleteObject', resource: objectArn(models, SAMPLE_OBJECT), why: 'deletes model versions' },
      );
      if (p.ecrRepository) {
        const repository = `arn:aws:ecr:${p.region}:${p.account}:repository/${p.ecrRepository}`;
        statements.push(
          // GetAuthorizationToken takes no resource: "*" is the only possible grant.
          { sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'], why: 'logs in to ECR to pull the training image', probes: [{ action: 'ecr:GetAuthorizationToken', resource: '*' }] },
          {
            sid: 'PullTrainingImage',
            actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
            resources: [repository],
            why: `pulls the training image from ${p.ecrRepository}`,
            probes: [{ action: 'ecr:BatchGetImage', resource: repository }],
          },
        );
        risky.push({ action: 'ecr:PutImage', resource: repository, why: 'replaces the training image with its own' });
      }
      passRole('sagemaker.amazonaws.com');
      break;
    }
    case 'notebook': {
      const data = need(p.data, 'the data location (--data-bucket, --data-prefix)');
      const tracking = need(p.artifacts, 'the experiment tracking location (--bucket, --prefix)');
      statements.push(
        {
          sid: 'ReadData',
          actions: ['s3:GetObject'],
          resources: [objectArn(data, '*')],
          why: `notebooks on ${p.service} read data from s3://${data.bucket}/${data.prefix}`,
          probes: [{ action: 's3:GetObject', resource: objectArn(data, 'train/part-0000.parquet') }],
        },
        {
          sid: 'TrackExperiments',
          actions: ['s3:GetObject', 's3:PutObject'],
          resources: [objectArn(tracking, '*')],
          why: `notebooks log runs and artifacts to s3://${tracking.bucket}/${tracking.prefix} and read them back`,
          probes: [
            { action: 's3:GetObject', resource: objectArn(tracking, 'runs/1/metrics.json') },
            { action: 's3:PutObject', resource: objectArn(tracking, 'runs/1/metrics.json') },
          ],
        },
      );
      risky.push(
        ...outsidePrefix(data, 's3:GetObject', 'reads outside the data prefix'),
        { action: 's3:PutObject', resource: objectArn(data, 'train/part-0000.parquet'), why: 'rewrites source data from an interactive session' },
        { action: 's3:DeleteObject', resource: objectArn(tracking, SAMPLE_OBJECT), why: 'deletes tracked runs and models' },
        { action: 'sagemaker:CreateTrainingJob', resource: `arn:aws:sagemaker:${p.region}:${p.account}:training-job/x`, why: 'starts compute; a notebook that needs it gets its own reviewed policy' },
        { action: 'iam:PassRole', resource: '*', context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' }, why: 'passing roles from a notebook is privilege escalation' },
      );
      break;
    }
    case 'ci-deployer': {
      const models = need(p.artifacts, 'the model artifact location (--bucket, --prefix)');
      statements.push({
        sid: 'WriteModelVersion',
        actions: ['s3:PutObject'],
        resources: [objectArn(models, '*')],
        why: `the ${who} uploads a new model version to s3://${models.bucket}/${models.prefix}`,
        probes: [{ action: 's3:PutObject', resource: objectArn(models, SAMPLE_OBJECT) }],
      });
      risky.push(
        ...outsidePrefix(models, 's3:PutObject', 'writes outside the model artifact prefix'),
        { action: 's3:DeleteObject', resource: objectArn(models, SAMPLE_OBJECT), why: 'deletes earlier model versions (the rollback path)' },
        { action: 'sagemaker:DeleteEndpoint', resource: `arn:aws:sagemaker:${p.region}:${p.account}:endpoint/${(p.endpoint ?? 'production').toLowerCase()}`, why: 'takes serving down' },
        { action: 'sagemaker:UpdateEndpoint', resource: `arn:aws:sagemaker:${p.region}:${p.account}:endpoint/another-endpoint`, why: 'changes endpoints it does not own' },
      );
      if (p.endpoint) {
        // SageMaker ARNs carry resource names in lower case.
        const name = p.endpoint.toLowerCase();
        const endpoint = `arn:aws:sagemaker:${p.region}:${p.account}:endpoint/${name}`;
        const configs = `arn:aws:sagemaker:${p.region}:${p.account}:endpoint-config/${name}-*`;
        statements.push({
          sid: 'UpdateEndpoint',
          actions: ['sagemaker:CreateEndpointConfig', 'sagemaker:UpdateEndpoint', 'sagemaker:DescribeEndpoint'],
          resources: [endpoint, configs],
          why: `points the endpoint ${p.endpoint} at the new model through a new endpoint configuration named ${name}-*`,
          probes: [
            { action: 'sagemaker:UpdateEndpoint', resource: endpoint },
            { action: 'sagemaker:CreateEndpointConfig', resource: configs.replace(/\*$/, '2') },
          ],
        });
      }
      if (p.modelPackageGroup) {
        const name = p.modelPackageGroup.toLowerCase();
        const group = `arn:aws:sagemaker:${p.region}:${p.account}:model-package-group/${name}`;
        const packages = `arn:aws:sagemaker:${p.region}:${p.account}:model-package/${name}/*`;
        statements.push({
          sid: 'RegisterModelVersion',
          actions: ['sagemaker:CreateModelPackage', 'sagemaker:DescribeModelPackageGroup', 'sagemaker:UpdateModelPackage'],
          resources: [group, packages],
          why: `registers the version in the model package group ${p.modelPackageGroup}`,
          probes: [
            { action: 'sagemaker:CreateModelPackage', resource: packages.replace(/\*$/, '2') },
            { action: 'sagemaker:DescribeModelPackageGroup', resource: group },
          ],
        });
        risky.push({ action: 'sagemaker:PutModelPackageGroupPolicy', resource: group, why: 'shares the registry with other accounts' });
      }
      if (!p.endpoint && !p.modelPackageGroup) throw new ProfileError('the CI deployer profile needs the endpoint (--endpoint) or the model package group (--model-package-group) it updates');
      passRole('sagemaker.amazonaws.com');
      break;
    }
  }
  statements.push(...logStatements(p, who));
  return { parameters: p, statements, risky };
}
