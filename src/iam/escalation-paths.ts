// Published AWS IAM privilege escalation paths, as data. A path is present when an identity is allowed every
// one of its actions on an unscoped resource ("*" or a wildcard ARN). Sources: Rhino Security Labs' list of
// 21 methods (Spencer Gietzen, 2018) and Hacking the Cloud's catalogue, which adds the SageMaker, ECS and
// CodeBuild paths that matter on ML platforms.

export const RHINO = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';
export const HACKING_THE_CLOUD = 'https://hackingthe.cloud/aws/exploitation/iam_privilege_escalation/';

export interface EscalationPath {
  id: string;
  /** Every action is needed (all on unscoped resources). */
  actions: string[];
  /** What an attacker does with them, in one clause. */
  how: string;
  source: string;
}

export const ESCALATION_PATHS: readonly EscalationPath[] = [
  { id: 'create-policy-version', actions: ['iam:CreatePolicyVersion'], how: 'writes a new default version of a managed policy it holds, granting itself "*"', source: RHINO },
  { id: 'set-default-policy-version', actions: ['iam:SetDefaultPolicyVersion'], how: 'switches a policy it holds to an older, broader version', source: RHINO },
  { id: 'create-access-key', actions: ['iam:CreateAccessKey'], how: 'creates access keys for a more privileged user', source: RHINO },
  { id: 'create-login-profile', actions: ['iam:CreateLoginProfile'], how: 'sets a console password for a user that has none and signs in as it', source: RHINO },
  { id: 'update-login-profile', actions: ['iam:UpdateLoginProfile'], how: "changes another user's console password and signs in as it", source: RHINO },
  { id: 'attach-user-policy', actions: ['iam:AttachUserPolicy'], how: 'attaches AdministratorAccess to itself', source: RHINO },
  { id: 'attach-group-policy', actions: ['iam:AttachGroupPolicy'], how: 'attaches AdministratorAccess to a group it is in', source: RHINO },
  { id: 'attach-role-policy', actions: ['iam:AttachRolePolicy'], how: 'attaches AdministratorAccess to a role it uses or can assume', source: RHINO },
  { id: 'put-user-policy', actions: ['iam:PutUserPolicy'], how: 'writes an inline "*" policy on itself', source: RHINO },
  { id: 'put-group-policy', actions: ['iam:PutGroupPolicy'], how: 'writes an inline "*" policy on a group it is in', source: RHINO },
  { id: 'put-role-policy', actions: ['iam:PutRolePolicy'], how: 'writes an inline "*" policy on a role it uses or can assume', source: RHINO },
  { id: 'add-user-to-group', actions: ['iam:AddUserToGroup'], how: 'adds itself to an administrators group', source: RHINO },
  { id: 'update-assume-role-policy', actions: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], how: "rewrites a privileged role's trust policy to trust itself, then assumes it", source: RHINO },
  { id: 'assume-any-role', actions: ['sts:AssumeRole'], how: 'assumes any role whose trust policy trusts the account', source: HACKING_THE_CLOUD },
  { id: 'passrole-ec2', actions: ['iam:PassRole', 'ec2:RunInstances'], how: 'starts an instance with a privileged instance profile and reads its credentials', source: RHINO },
  { id: 'passrole-lambda-invoke', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], how: 'creates a function with a privileged role and invokes it', source: RHINO },
  { id: 'passrole-lambda-event-source', actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'], how: 'creates a function with a privileged role, triggered by a stream it controls', source: RHINO },
  { id: 'update-function-code', actions: ['lambda:UpdateFunctionCode'], how: "replaces an existing function's code and runs as its role", source: RHINO },
  { id: 'passrole-glue-dev-endpoint', actions: ['iam:PassRole', 'glue:CreateDevEndpoint'], how: 'creates a Glue development endpoint with a privileged role and logs in to it', source: RHINO },
  { id: 'update-glue-dev-endpoint', actions: ['glue:UpdateDevEndpoint'], how: "adds its SSH key to an existing development endpoint and takes the endpoint's role", source: RHINO },
  { id: 'passrole-cloudformation', actions: ['iam:PassRole', 'cloudformation:CreateStack'], how: 'creates a stack whose service role builds whatever the template says', source: RHINO },
  { id: 'passrole-datapipeline', actions: ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'], how: 'creates a pipeline that runs commands as a privileged role', source: RHINO },
  { id: 'passrole-sagemaker-training', actions: ['iam:PassRole', 'sagemaker:CreateTrainingJob'], how: 'starts a training job with any execution role and a container it chooses, which reads the role credentials', source: HACKING_THE_CLOUD },
  { id: 'passrole-sagemaker-processing', actions: ['iam:PassRole', 'sagemaker:CreateProcessingJob'], how: 'starts a processing job with any execution role and a script it chooses', source: HACKING_THE_CLOUD },
  { id: 'passrole-sagemaker-notebook', actions: ['iam:PassRole', 'sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'], how: 'creates a notebook instance with any execution role and opens its Jupyter', source: HACKING_THE_CLOUD },
  { id: 'passrole-ecs', actions: ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:RunTask'], how: 'registers a task with a privileged task role and runs it', source: HACKING_THE_CLOUD },
  { id: 'passrole-codebuild', actions: ['iam:PassRole', 'codebuild:CreateProject', 'codebuild:StartBuild'], how: 'creates a build project with a privileged service role and runs a build', source: HACKING_THE_CLOUD },
];
