// The two controls the lab asks for on notebooks, phrased once and reused by the notebook rules.
export const PRE_COMMIT_CONTROL =
  'a pre-commit hook that strips notebook outputs (nbstripout) and runs mlops-audit on staged notebooks, so a printed credential never reaches Git';
export const ROLE_CONTROL =
  'role-based short-lived credentials instead of long-lived keys: an IAM role for the notebook server (instance profile or IRSA) and `aws sso login` for people, so there is no key to print';
