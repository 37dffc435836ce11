import type { FrameworkRef } from './finding.js';

// One catalogue of the framework entries rules may cite, so a typo in an id fails at load time
// instead of reaching a report. Ids follow each framework's current numbering.
const CATALOG = {
  'OWASP-LLM-2025': {
    'LLM02:2025': 'Sensitive Information Disclosure',
    'LLM03:2025': 'Supply Chain',
    'LLM04:2025': 'Data and Model Poisoning',
    'LLM06:2025': 'Excessive Agency',
    'LLM10:2025': 'Unbounded Consumption',
  },
  'OWASP-ML-2023': {
    'ML05:2023': 'Model Theft',
    'ML06:2023': 'AI Supply Chain Attacks',
    'ML10:2023': 'Model Poisoning',
  },
  'MITRE-ATLAS': {
    'AML.T0007': 'Discover AI Artifacts',
    'AML.T0010': 'AI Supply Chain Compromise',
    'AML.T0011': 'User Execution',
    'AML.T0012': 'Valid Accounts',
    'AML.T0018': 'Manipulate AI Model',
    'AML.T0024': 'Exfiltration via AI Inference API',
    'AML.T0035': 'AI Artifact Collection',
    'AML.T0040': 'AI Model Inference API Access',
    'AML.T0049': 'Exploit Public-Facing Application',
    'AML.T0055': 'Unsecured Credentials',
  },
  'NIST-AI-RMF': {
    'GOVERN 1.4': 'Risk management process and outcomes established through transparent policies and controls',
    'MANAGE 1.3': 'Responses to high-priority AI risks are developed, planned and documented',
    'MANAGE 2.4': 'Mechanisms exist to supersede, disengage or deactivate AI systems',
    'MEASURE 2.7': 'AI system security and resilience are evaluated and documented',
  },
  'ISO-42001': {
    'A.4.4': 'Tooling resources',
    'A.6.2.5': 'AI system deployment',
    'A.6.2.6': 'AI system operation and monitoring',
    'A.6.2.8': 'AI system recording of event logs',
    'A.7.5': 'Data provenance',
  },
  CWE: {
    'CWE-78': "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
    'CWE-94': "Improper Control of Generation of Code ('Code Injection')",
    'CWE-200': 'Exposure of Sensitive Information to an Unauthorized Actor',
    'CWE-250': 'Execution with Unnecessary Privileges',
    'CWE-269': 'Improper Privilege Management',
    'CWE-284': 'Improper Access Control',
    'CWE-306': 'Missing Authentication for Critical Function',
    'CWE-312': 'Cleartext Storage of Sensitive Information',
    'CWE-319': 'Cleartext Transmission of Sensitive Information',
    'CWE-321': 'Use of Hard-coded Cryptographic Key',
    'CWE-345': 'Insufficient Verification of Data Authenticity',
    'CWE-352': 'Cross-Site Request Forgery (CSRF)',
    'CWE-494': 'Download of Code Without Integrity Check',
    'CWE-502': 'Deserialization of Untrusted Data',
    'CWE-522': 'Insufficiently Protected Credentials',
    'CWE-526': 'Exposure of Sensitive Information Through Environmental Variables',
    'CWE-532': 'Insertion of Sensitive Information into Log File',
    'CWE-538': 'Insertion of Sensitive Information into Externally-Accessible File or Directory',
    'CWE-668': 'Exposure of Resource to Wrong Sphere',
    'CWE-732': 'Incorrect Permission Assignment for Critical Resource',
    'CWE-798': 'Use of Hard-coded Credentials',
    'CWE-829': 'Inclusion of Functionality from Untrusted Control Sphere',
    'CWE-862': 'Missing Authorization',
    'CWE-942': 'Permissive Cross-domain Policy with Untrusted Domains',
    'CWE-1104': 'Use of Unmaintained Third Party Components',
    'CWE-1188': 'Initialization of a Resource with an Insecure Default',
    'CWE-1392': 'Use of Default Credentials',
    'CWE-1395': 'Dependency on Vulnerable Third-Party Component',
  },
} as const satisfies Record<string, Record<string, string>>;

export type FrameworkName = keyof typeof CATALOG;

export const FRAMEWORK_TITLES: Record<FrameworkName, string> = {
  'OWASP-LLM-2025': 'OWASP Top 10 for LLM Applications 2025',
  'OWASP-ML-2023': 'OWASP Machine Learning Security Top 10 (2023)',
  'MITRE-ATLAS': 'MITRE ATLAS',
  'NIST-AI-RMF': 'NIST AI Risk Management Framework 1.0',
  'ISO-42001': 'ISO/IEC 42001:2023 Annex A',
  CWE: 'Common Weakness Enumeration',
};

/** Resolves `"CWE:CWE-798"`-style references against the catalogue; throws on an unknown id. */
export function frameworks(...refs: string[]): FrameworkRef[] {
  return refs.map((ref) => {
    const split = ref.indexOf(':');
    const framework = ref.slice(0, split) as FrameworkName;
    const id = ref.slice(split + 1);
    const entries = CATALOG[framework] as Record<string, string> | undefined;
    const name = entries?.[id];
    if (!name) throw new Error(`unknown framework reference ${ref}`);
    return { framework, id, name };
  });
}

export function frameworkUrl(ref: FrameworkRef): string | undefined {
  switch (ref.framework) {
    case 'CWE':
      return `https://cwe.mitre.org/data/definitions/${ref.id.replace('CWE-', '')}.html`;
    case 'MITRE-ATLAS':
      return `https://atlas.mitre.org/techniques/${ref.id}`;
    case 'OWASP-LLM-2025':
      return 'https://genai.owasp.org/llm-top-10/';
    case 'OWASP-ML-2023':
      return 'https://owasp.org/www-project-machine-learning-security-top-10/';
    default:
      return undefined;
  }
}
