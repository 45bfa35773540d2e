/**
 * The part of dependency-graph's `DepGraph` (0.11, `circular: true`) that json-ref-resolver's crawler builds over a
 * document's JSON pointers, giving the same answers in the same order. DepGraph keeps edges in arrays and asks
 * `indexOf` whether an edge or a node is already there (in `addDependency`, and for every node in `overallOrder`):
 * quadratic in the refs of a spec, about 0.4 s of resolving GitHub's. Sets answer here.
 *
 * Nodes are listed in the order they were added, as DepGraph's `Object.keys(nodes)` lists them for names that are
 * not integer-like: every name here is a pointer, starting with `#`.
 */
export class PointerGraph {
  private readonly outgoing = new Map<string, string[]>();
  private readonly incoming = new Map<string, string[]>();
  /** Each node's dependencies, as a set. */
  private readonly edges = new Map<string, Set<string>>();

  hasNode(node: string): boolean {
    return this.outgoing.has(node);
  }

  addNode(node: string): void {
    if (this.outgoing.has(node)) return;
    this.outgoing.set(node, []);
    this.incoming.set(node, []);
    this.edges.set(node, new Set());
  }

  /** As DepGraph's: both nodes must exist; an edge is kept once. */
  addDependency(from: string, to: string): void {
    const out = this.outgoing.get(from);
    const into = this.incoming.get(to);
    if (!out) throw new Error(`Node does not exist: ${from}`);
    if (!into) throw new Error(`Node does not exist: ${to}`);
    const edges = this.edges.get(from) as Set<string>;
    if (edges.has(to)) return;
    edges.add(to);
    out.push(to);
    into.push(from);
  }

  /** The nodes `node` depends on, transitively, in DepGraph's order (depth first, post-order). */
  dependenciesOf(node: string): string[] {
    return this.reach(this.outgoing, node);
  }

  /** The nodes that depend on `node`, transitively, in DepGraph's order. */
  dependantsOf(node: string): string[] {
    return this.reach(this.incoming, node);
  }

  /** DepGraph's processing order: from each node nothing depends on, then from each node not yet listed. */
  overallOrder(): string[] {
    const result: string[] = [];
    const visited = new Set<string>();
    for (const [node, into] of this.incoming)
      if (into.length === 0) depthFirst(this.outgoing, node, result, visited);
    for (const node of this.outgoing.keys())
      if (!visited.has(node)) depthFirst(this.outgoing, node, result, visited);
    return result;
  }

  private reach(edges: Map<string, string[]>, node: string): string[] {
    if (!edges.has(node)) throw new Error(`Node does not exist: ${node}`);
    const result: string[] = [];
    depthFirst(edges, node, result, new Set());
    const at = result.indexOf(node);
    if (at >= 0) result.splice(at, 1);
    return result;
  }
}

/** DepGraph's `createDFS` for a graph allowed to be circular: a node on the current path is skipped, not an error. */
function depthFirst(
  edges: Map<string, string[]>,
  start: string,
  result: string[],
  visited: Set<string>,
): void {
  if (visited.has(start)) return;
  const onPath = new Set<string>();
  const todo: { node: string; processed: boolean }[] = [{ node: start, processed: false }];
  while (todo.length > 0) {
    const current = todo[todo.length - 1] as { node: string; processed: boolean };
    const node = current.node;
    if (!current.processed) {
      if (visited.has(node) || onPath.has(node)) {
        todo.pop();
        continue;
      }
      onPath.add(node);
      const next = edges.get(node) as string[];
      // Pushed in reverse, so that the first edge is walked first.
      for (let i = next.length - 1; i >= 0; i--) todo.push({ node: next[i] as string, processed: false });
      current.processed = true;
    } else {
      todo.pop();
      onPath.delete(node);
      visited.add(node);
      result.push(node);
    }
  }
}
