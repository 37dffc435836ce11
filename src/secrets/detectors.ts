import type { Severity } from '../core/finding.js';
import { isPlaceholder } from './placeholders.js';

export interface RawMatch {
  start: number;
  end: number;
  /** The credential itself; the part that is masked everywhere. */
  secret: string;
  /** For URIs: the match with the password already masked, safe to show. */
  display?: string;
  detail?: string;
}

export interface Detector {
  id: string;
  /** What the value is, as a reader would say it: "AWS secret access key". */
  label: string;
  provider: string;
  severity: Severity;
  /** Cheap substring test before any regular expression runs (at least one must occur). */
  keywords: readonly string[];
  /** `hint` names where the text is stored (an env variable, a config key) when that is known. */
  find(text: string, hint?: string): Iterable<RawMatch>;
  /** What an attacker holding it reaches. */
  reach: string;
  /** How to revoke it. */
  revoke: string;
  /** Multi-line values (PEM blocks) are redacted by header instead of by prefix and suffix. */
  block?: boolean;
}

function* regexMatches(text: string, pattern: RegExp, accept?: (secret: string, index: number) => boolean): Iterable<RawMatch> {
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    const secret = match.groups?.secret ?? match[1] ?? match[0];
    const start = match.index + match[0].indexOf(secret);
    if (accept && !accept(secret, start)) continue;
    yield { start, end: start + secret.length, secret };
  }
}

// Real key IDs use base32 letters and digits 2-7, but AWS's own documentation examples (AKIAI44QH8DHBEXAMPLE)
// do not, and those must still be found.
const AWS_KEY_ID = /(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Z0-9])/g;
const AWS_SECRET_CANDIDATE = /(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g;
const SECRET_LABEL = /(?:secret|SecretAccessKey|secret_?key|aws_?secret)/i;

function looksLikeAwsSecret(text: string, secret: string, index: number, hint?: string): boolean {
  if (!/[a-z]/.test(secret) || !/[A-Z]/.test(secret) || !/[0-9/+]/.test(secret)) return false;
  if (hint && SECRET_LABEL.test(hint)) return true;
  const before = text.slice(Math.max(0, index - 100), index);
  if (SECRET_LABEL.test(before)) return true;
  const around = text.slice(Math.max(0, index - 400), index + secret.length + 400);
  AWS_KEY_ID.lastIndex = 0;
  return AWS_KEY_ID.test(around);
}

// Schemes whose URIs carry user:password@host credentials in ML platforms' configs and code.
const URI_WITH_PASSWORD =
  /\b((?:postgres(?:ql)?|mysql|mariadb|mssql|oracle|mongodb(?:\+srv)?|redis|rediss|amqps?|https?|ftps?|sftp|snowflake|clickhouse|databricks|sqlite|trino|presto|hive)(?:\+[a-z0-9]+)?):\/\/([^\s:@/'"`<>]{1,128}):([^\s@/'"`<>]{1,256})@([A-Za-z0-9._-]+(?::\d+)?)/gi;

function* uriPasswords(text: string): Iterable<RawMatch> {
  URI_WITH_PASSWORD.lastIndex = 0;
  for (const match of text.matchAll(URI_WITH_PASSWORD)) {
    const [whole, scheme, user, password, host] = match as unknown as [string, string, string, string, string];
    if (isPlaceholder(password) || /^\$|^\{|^%/.test(password)) continue;
    const start = match.index + scheme.length + 3 + user.length + 1;
    yield {
      start,
      end: start + password.length,
      secret: password,
      display: `${scheme}://${user}:••••@${host}`,
      detail: `${scheme.toLowerCase()} service at ${host} as ${user}`,
    };
    void whole;
  }
}

function* privateKeys(text: string): Iterable<RawMatch> {
  const header = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;
  for (const match of text.matchAll(header)) {
    const footer = `-----END ${match[1] ?? ''}PRIVATE KEY${match[2] ?? ''}-----`;
    const bodyStart = match.index + match[0].length;
    const footerAt = text.indexOf(footer, bodyStart);
    const end = footerAt === -1 ? Math.min(text.length, bodyStart + 4096) : footerAt + footer.length;
    const body = text.slice(bodyStart, footerAt === -1 ? end : footerAt);
    // Documentation writes "-----BEGIN PRIVATE KEY-----\n...\n": a real key has a base64 body.
    const base64Chars = body.replace(/\\n|[^A-Za-z0-9+/=]/g, '').length;
    if (base64Chars < 64) continue;
    yield { start: match.index, end, secret: text.slice(match.index, end) };
  }
}

export const DETECTORS: readonly Detector[] = [
  {
    id: 'aws-access-key-id',
    label: 'AWS access key ID',
    provider: 'AWS',
    severity: 'medium',
    keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    find: (text) => regexMatches(text, AWS_KEY_ID),
    reach: 'the identity of an IAM user or role session; with its secret key, every action that identity may take',
    revoke: 'deactivate and delete the access key in IAM, then check CloudTrail for its use',
  },
  {
    id: 'aws-secret-access-key',
    label: 'AWS secret access key',
    provider: 'AWS',
    severity: 'high',
    keywords: ['AKIA', 'ASIA', 'ecret', 'ECRET'],
    find: (text, hint) => regexMatches(text, AWS_SECRET_CANDIDATE, (secret, index) => looksLikeAwsSecret(text, secret, index, hint)),
    reach: 'every action the owning IAM identity may take in its AWS account, until the key is deactivated',
    revoke: 'deactivate and delete the access key in IAM, then check CloudTrail for its use',
  },
  {
    id: 'aws-session-token',
    label: 'AWS session token',
    provider: 'AWS',
    severity: 'high',
    keywords: ['ession', 'ESSION', 'security-token'],
    find: (text) => regexMatches(text, /(?:aws_session_token|SessionToken|session_token|x-amz-security-token)["'\s:=]{1,6}([A-Za-z0-9/+=]{100,})/gi),
    reach: "the role session's permissions until the token expires (up to 36 hours)",
    revoke: "revoke the role's active sessions (IAM 'Revoke active sessions') and review CloudTrail",
  },
  {
    id: 'private-key',
    label: 'private key',
    provider: 'PEM',
    severity: 'high',
    keywords: ['PRIVATE KEY'],
    find: privateKeys,
    block: true,
    reach: 'whatever trusts the key: SSH hosts, cloud service-account impersonation, TLS server identities, signing',
    revoke: 'remove the public half from every place that trusts it and issue a new key pair',
  },
  {
    id: 'github-token',
    label: 'GitHub token',
    provider: 'GitHub',
    severity: 'high',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    find: (text) => regexMatches(text, /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/g),
    reach: "the repositories and organisations the token's owner can reach with its scopes, including pushing to training code and workflows",
    revoke: 'revoke the token in GitHub settings (or the organisation’s token audit) and review the audit log',
  },
  {
    id: 'huggingface-token',
    label: 'Hugging Face token',
    provider: 'Hugging Face',
    severity: 'high',
    keywords: ['hf_', 'api_org_'],
    find: (text) => regexMatches(text, /(?<![A-Za-z0-9_])((?:hf_|api_org_)[A-Za-z0-9]{34,40})(?![A-Za-z0-9])/g),
    reach: "the owner's Hugging Face account: private models and datasets, and with a write token, pushing a poisoned model under a trusted name",
    revoke: 'invalidate the token under Hugging Face access tokens and review recent pushes',
  },
  {
    id: 'openai-api-key',
    label: 'OpenAI API key',
    provider: 'OpenAI',
    severity: 'high',
    keywords: ['sk-'],
    find: (text) =>
      regexMatches(text, /(?<![A-Za-z0-9_-])(sk-(?!ant-)(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}))(?![A-Za-z0-9_-])/g),
    reach: "paid API usage billed to the organisation, and the organisation's stored files, assistants and fine-tuned models",
    revoke: 'delete the key in the OpenAI dashboard and review usage',
  },
  {
    id: 'anthropic-api-key',
    label: 'Anthropic API key',
    provider: 'Anthropic',
    severity: 'high',
    keywords: ['sk-ant-'],
    find: (text) => regexMatches(text, /(?<![A-Za-z0-9_-])(sk-ant-[a-z]+\d*-[A-Za-z0-9_-]{40,})(?![A-Za-z0-9_-])/g),
    reach: 'paid API usage billed to the workspace, and with an admin key, the organisation’s keys and members',
    revoke: 'disable the key in the Anthropic console and review usage',
  },
  {
    id: 'databricks-token',
    label: 'Databricks personal access token',
    provider: 'Databricks',
    severity: 'high',
    keywords: ['dapi'],
    find: (text) => regexMatches(text, /(?<![A-Za-z0-9])(dapi[a-f0-9]{32}(?:-\d+)?)(?![A-Za-z0-9])/g),
    reach: "the workspace as the token's user: notebooks, jobs, clusters, catalog tables, MLflow experiments and registered models",
    revoke: 'revoke the token in the workspace’s user settings (or with the token management API)',
  },
  {
    id: 'wandb-api-key',
    label: 'Weights & Biases API key',
    provider: 'Weights & Biases',
    severity: 'high',
    keywords: ['WANDB', 'wandb'],
    find: (text) =>
      regexMatches(text, /(?:WANDB_API_KEY|wandb_api_key|wandb\.login\(\s*(?:key\s*=\s*)?|machine\s+api\.wandb\.ai\s+login\s+\S+\s+password)["'\s:=]*([a-f0-9]{40})(?![a-f0-9])/g),
    reach: "the team's runs, artifacts (datasets and model checkpoints) and reports, readable and writable",
    revoke: 'revoke the key on the W&B settings page and create a new one',
  },
  {
    id: 'slack-token',
    label: 'Slack token or webhook',
    provider: 'Slack',
    severity: 'medium',
    keywords: ['xox', 'hooks.slack.com'],
    find: (text) =>
      regexMatches(text, /(?<![A-Za-z0-9])(xox[abposr]-(?:\d+-)+[A-Za-z0-9-]{10,}|https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,})/g),
    reach: 'posting into, and for bot or user tokens reading, the workspace’s channels: a ready-made phishing channel',
    revoke: 'revoke the token or delete the webhook in the Slack app settings',
  },
  {
    id: 'kaggle-api-key',
    label: 'Kaggle API key',
    provider: 'Kaggle',
    severity: 'medium',
    keywords: ['KAGGLE', 'kaggle', '"key"', "'key'"],
    find: (text) =>
      regexMatches(text, /(?:KAGGLE_KEY["'\s:=]{1,6}|["']key["']\s*:\s*["'])([a-f0-9]{32})(?![a-f0-9])/g, (_secret, index) => {
        const around = text.slice(Math.max(0, index - 200), index + 240);
        return /KAGGLE_KEY/.test(around) || /["']username["']/.test(around);
      }),
    reach: "the Kaggle account's private datasets, notebooks and competition submissions",
    revoke: 'expire the token on the Kaggle account page and create a new kaggle.json',
  },
  {
    id: 'gcp-api-key',
    label: 'Google Cloud API key',
    provider: 'Google Cloud',
    severity: 'medium',
    keywords: ['AIza'],
    find: (text) => regexMatches(text, /(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g),
    reach: "the Google APIs enabled for the key's project, billed to that project",
    revoke: 'delete or restrict the key under APIs & Services → Credentials',
  },
  {
    id: 'uri-password',
    label: 'password in a connection URI',
    provider: 'URI',
    severity: 'high',
    keywords: ['://'],
    find: uriPasswords,
    reach: 'the service the URI points to, as the user it names',
    revoke: 'change the password on that service and move the URI into a secret store or environment injection',
  },
];

export function detectorById(id: string): Detector {
  const detector = DETECTORS.find((candidate) => candidate.id === id);
  if (!detector) throw new Error(`unknown detector ${id}`);
  return detector;
}
