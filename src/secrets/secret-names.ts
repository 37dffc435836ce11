// Names under which credentials are stored: environment variables, config keys, tracking parameters.
// PGPASSWORD counts; plural tokens (max_tokens), tokenizers and their special tokens (pad_token), and
// names that say where a secret is kept (DB_SECRET_NAME, …_ARN, …_PATH, …_FILE) do not.
const SECRET_NAME =
  /(?:(?:^|[^a-z])(?:pass(?:word|wd|phrase)?|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credentials?|client[-_]?secret|dsn|conn(?:ection)?[-_]?str(?:ing)?)|password|passwd)(?:$|[^a-z])/i;
/** Names that point at a secret (its id, name, ARN, path) or are tokenizer vocabulary, not secrets. */
const NOT_A_SECRET_NAME = /_(?:ID|NAME|ARN|PATH|FILE|URL|ENDPOINT|REGION|USER(?:NAME)?)$|^(?:pad|eos|bos|unk|sep|cls|mask)_token$/i;
/** Credentials of ML tools whose variable names the pattern above does not catch. */
const KNOWN_SECRET_NAMES = new Set(['KAGGLE_KEY', 'WANDB_API_KEY', 'MLFLOW_TRACKING_TOKEN', 'MLFLOW_TRACKING_PASSWORD', 'DATABRICKS_TOKEN', 'HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN']);

export function isSecretName(name: string): boolean {
  if (KNOWN_SECRET_NAMES.has(name.toUpperCase())) return true;
  return SECRET_NAME.test(name) && !NOT_A_SECRET_NAME.test(name);
}
