import { Graph, layout } from '@dagrejs/dagre';
import { SEVERITIES, severityRank, type Finding, type Severity } from '../core/finding.js';
import { describeIdentity } from '../platform-map/issues.js';
import { COMPONENT_NOUN, type PlatformModel } from '../platform-map/model.js';

// The platform map as an SVG, laid out at report time (in Node) with dagre, so the HTML needs no script.
// Each node shows what it is and, for nodes findings are about, how many findings of each severity.

export const SEVERITY_COLOURS: Record<Severity, string> = { critical: '#9b1c1c', high: '#d9480f', medium: '#b08800', low: '#1c6e8c', info: '#6b7280' };
const TYPE_COLOURS = { component: '#e8f0fe', identity: '#fef3c7', storage: '#e6f4ea', credential: '#fde2e2' } as const;

interface NodeView {
  id: string;
  type: keyof typeof TYPE_COLOURS;
  title: string;
  subtitle: string;
  counts: Partial<Record<Severity, number>>;
  width: number;
  height: number;
}

const CHAR = 7;

export function platformMapSvg(model: PlatformModel, findings: readonly Finding[]): string {
  const counts = new Map<string, Partial<Record<Severity, number>>>();
  for (const finding of findings) {
    const node = model.assignment[finding.fingerprint];
    if (!node) continue;
    const entry = counts.get(node) ?? {};
    entry[finding.severity] = (entry[finding.severity] ?? 0) + 1;
    counts.set(node, entry);
  }
  const nodes: NodeView[] = [];
  const add = (id: string, type: NodeView['type'], title: string, subtitle: string) => {
    const width = Math.max(150, Math.min(300, Math.max(title.length, subtitle.length) * CHAR + 24));
    nodes.push({ id, type, title: clip(title, 40), subtitle: clip(subtitle, 40), counts: counts.get(id) ?? {}, width, height: 62 });
  };
  for (const component of model.components) add(component.id, 'component', component.name, COMPONENT_NOUN[component.kind]);
  for (const identity of model.identities) {
    const reach = identity.reach ? (identity.reach.fullAdmin ? 'every action (admin)' : `${identity.reach.actions} actions, ${identity.reach.services} services`) : identity.kind;
    add(identity.id, 'identity', describeIdentity(identity), reach);
  }
  for (const store of model.storage) add(store.id, 'storage', store.name, `${store.kind}${store.publicRead ? ' · PUBLIC' : ''}${store.holds.length ? ` · ${store.holds[0]}` : ''}`);
  for (const credential of model.credentials) {
    add(credential.id, 'credential', credential.label.split(' ').slice(0, 4).join(' '), `${credential.locations.length} location${credential.locations.length === 1 ? '' : 's'}`);
    const node = nodes[nodes.length - 1]!;
    const worst = [...credential.locations].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
    if (worst) node.counts = { [worst.severity]: credential.locations.length };
  }
  const known = new Set(nodes.map((node) => node.id));

  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 90, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
  const edges = model.edges.filter((edge) => known.has(edge.from) && known.has(edge.to));
  edges.forEach((edge, i) => graph.setEdge(edge.from, edge.to, { label: edge.kind, width: edge.kind.length * 6, height: 14 }, `e${i}`));
  layout(graph);
  const size = graph.graph() as { width?: number; height?: number };
  const width = Math.ceil(size.width ?? 600);
  const height = Math.ceil(size.height ?? 400);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="map-title" class="platform-map">`);
  out.push('<title id="map-title">Platform map: components, identities, credentials and storage, with finding counts</title>');
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>');
  edges.forEach((edge, i) => {
    const laid = graph.edge({ v: edge.from, w: edge.to, name: `e${i}` }) as { points?: Array<{ x: number; y: number }>; x?: number; y?: number } | undefined;
    const points = laid?.points ?? [];
    if (points.length < 2) return;
    const d = points.map((point, j) => `${j === 0 ? 'M' : 'L'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
    const dangerous = edge.kind === 'authenticates as' || edge.kind === 'exposes' || edge.kind === 'writes';
    out.push(`<g class="edge"><path d="${d}" fill="none" stroke="${dangerous ? '#b42318' : '#555'}" stroke-width="1.4" marker-end="url(#arrow)"><title>${escapeXml(`${edge.from} ${edge.kind} ${edge.to}: ${edge.basis}`)}</title></path>`);
    if (laid?.x !== undefined && laid.y !== undefined) out.push(`<text x="${laid.x.toFixed(1)}" y="${(laid.y + 4).toFixed(1)}" class="edge-label" text-anchor="middle">${escapeXml(edge.kind)}</text>`);
    out.push('</g>');
  });
  for (const node of nodes) {
    const laid = graph.node(node.id) as { x: number; y: number };
    const x = laid.x - node.width / 2;
    const y = laid.y - node.height / 2;
    const worst = SEVERITIES.find((severity) => (node.counts[severity] ?? 0) > 0);
    const stroke = worst ? SEVERITY_COLOURS[worst] : '#888';
    out.push(`<g class="node node-${node.type}" data-node="${escapeXml(node.id)}">`);
    out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${node.width}" height="${node.height}" rx="8" fill="${TYPE_COLOURS[node.type]}" stroke="${stroke}" stroke-width="${worst ? 2.5 : 1}"/>`);
    out.push(`<text x="${(x + 10).toFixed(1)}" y="${(y + 18).toFixed(1)}" class="node-title">${escapeXml(node.title)}</text>`);
    out.push(`<text x="${(x + 10).toFixed(1)}" y="${(y + 33).toFixed(1)}" class="node-sub">${escapeXml(node.subtitle)}</text>`);
    let badge = x + 10;
    for (const severity of SEVERITIES) {
      const count = node.counts[severity];
      if (!count) continue;
      const label = `${count} ${severity}`;
      const w = Math.ceil(label.length * 6.4) + 12;
      out.push(`<rect x="${badge.toFixed(1)}" y="${(y + 41).toFixed(1)}" width="${w}" height="15" rx="7" fill="${SEVERITY_COLOURS[severity]}"/><text x="${(badge + 5).toFixed(1)}" y="${(y + 52).toFixed(1)}" class="badge">${escapeXml(label)}</text>`);
      badge += w + 4;
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}
