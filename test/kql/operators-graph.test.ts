/**
 * make-graph + graph-match (kusto/query/make-graph-operator, graph-match-operator): the pages'
 * examples with their documented outputs, what the pages state (nodes without a row have empty
 * properties, any-direction edges, a variable-length edge's properties as arrays in pattern order,
 * cycles=unique_edges by default), the lab's exposure graph against the same question asked with
 * joins, and the refusals of what the pages leave open. Run on DuckDB-WASM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { useRunner } from '../cli/helpers.ts';
import { refused, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const run = (kql: string) => runKql(engine, kql);
const sorted = (rows: unknown[][]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

// graph-match page, "Attack path"
const ENTITIES = `let Entities = datatable(name:string, type:string, age:long)
[
  "Alice", "Person", 23,
  "Bob", "Person", 31,
  "Eve", "Person", 17,
  "Mallory", "Person", 29,
  "Apollo", "System", 99
];
let Actions = datatable(source:string, destination:string, action_type:string)
[
  "Alice", "Bob", "communicatesWith",
  "Alice", "Apollo", "trusts",
  "Bob", "Apollo", "hasPermission",
  "Eve", "Alice", "attacks",
  "Mallory", "Alice", "attacks",
  "Mallory", "Bob", "attacks"
];
`;

// graph-match page, "All employees in a manager's org"
const ORG = `let employees = datatable(name:string, age:long)
[
  "Alice", 32,
  "Bob", 31,
  "Eve", 27,
  "Joe", 29,
  "Chris", 45,
  "Alex", 35,
  "Ben", 23,
  "Richard", 39,
];
let reports = datatable(employee:string, manager:string)
[
  "Bob", "Alice",
  "Chris", "Alice",
  "Eve", "Bob",
  "Ben", "Chris",
  "Joe", "Alice",
  "Richard", "Bob"
];
`;

describe('the documented examples', () => {
  it('graph-match page: the attack path to Apollo', async () => {
    const q = `${ENTITIES}Actions
| make-graph source --> destination with Entities on name
| graph-match (mallory)-[attacks]->(compromised)-[hasPermission]->(apollo)
  where mallory.name == "Mallory" and apollo.name == "Apollo" and attacks.action_type == "attacks" and hasPermission.action_type == "hasPermission"
  project Attacker = mallory.name, Compromised = compromised.name, System = apollo.name`;
    expect(await run(q)).toEqual([['Mallory', 'Bob', 'Apollo']]);
  });

  it('make-graph page: the attack path to Trent (int ages, edges named edge_type)', async () => {
    const q = `let nodes = datatable(name:string, type:string, age:int)
["Alice", "Person", 23, "Bob", "Person", 31, "Eve", "Person", 17, "Mallory", "Person", 29, "Trent", "System", 99];
let edges = datatable(source:string, destination:string, edge_type:string)
["Alice", "Bob", "communicatesWith", "Alice", "Trent", "trusts", "Bob", "Trent", "hasPermission",
 "Eve", "Alice", "attacks", "Mallory", "Alice", "attacks", "Mallory", "Bob", "attacks"];
edges
| make-graph source --> destination with nodes on name
| graph-match (mallory)-[attacks]->(compromised)-[hasPermission]->(trent)
  where mallory.name == "Mallory" and trent.name == "Trent" and attacks.edge_type == "attacks" and hasPermission.edge_type == "hasPermission"
  project Attacker = mallory.name, Compromised = compromised.name, System = trent.name`;
    expect(await run(q)).toEqual([['Mallory', 'Bob', 'Trent']]);
  });

  it("graph-match page: Alice's org under 30 through a variable-length edge, the path in pattern order", async () => {
    const q = `${ORG}reports
| make-graph employee --> manager with employees on name
| graph-match (alice)<-[reports*1..5]-(employee)
  where alice.name == "Alice" and employee.age < 30
  project employee = employee.name, age = employee.age, reportingPath = reports.manager`;
    expect(sorted(await run(q))).toEqual(
      sorted([
        ['Joe', 29, ['Alice']],
        ['Eve', 27, ['Alice', 'Bob']],
        ['Ben', 23, ['Alice', 'Chris']],
      ]),
    );
  });
});

describe('what the pages state', () => {
  const EDGES = 'let E = datatable(s:string, t:string, w:long)["A", "B", 1, "B", "C", 2, "C", "A", 3];\nlet N = datatable(id:string, age:long)["A", 10, "B", 20];\n';

  it('a node named by an edge without a row in the nodes table has empty properties but for its id in the key column', async () => {
    // make-graph page: "created as nodes with the corresponding node id and empty properties";
    // graph-to-table page: its nodes export shows such a node (Mallory) with the key column filled
    const q = `${EDGES}E | make-graph s --> t with N on id | graph-match (x)-[e]->(y) project W = e.w, X = x.id, XA = x.age, Y = y.id, YA = y.age`;
    expect(sorted(await run(q))).toEqual([
      [1, 'A', 10, 'B', 20],
      [2, 'B', 20, 'C', null],
      [3, 'C', null, 'A', 10],
    ]);
  });

  it('edges right to left and in any direction (each orientation is a match)', async () => {
    const back = `${EDGES}E | make-graph s --> t with N on id | graph-match (x)<-[e]-(y) where e.w == 1 project X = x.id, Y = y.id`;
    expect(await run(back)).toEqual([['B', 'A']]);
    const any = `${EDGES}E | make-graph s --> t with N on id | graph-match (x)-[e]-(y) where e.w == 1 project X = x.id, Y = y.id`;
    expect(sorted(await run(any))).toEqual([
      ['A', 'B'],
      ['B', 'A'],
    ]);
    const anon = `${EDGES}E | make-graph s --> t with N on id | graph-match (x)--(y) where x.age == 10 project Y = y.id`;
    // x is A (the only node aged 10): A→B, and C→A read backwards
    expect(sorted(await run(anon))).toEqual([['B'], ['C']]);
  });

  it('a chain of three edges closing a cycle, and a node property in the constraint', async () => {
    const q = `${EDGES}E | make-graph s --> t with N on id | graph-match (a)-[e1]->(b)-[e2]->(c)-[e3]->(d) where a.age == 10 project W = strcat(e1.w, e2.w, e3.w), D = d.id`;
    expect(await run(q)).toEqual([['123', 'A']]);
  });

  it('cycles=unique_edges (the default) never uses one edge twice; copies of a row are distinct edges; cycles=all may', async () => {
    const loop = 'let E = datatable(s:string, t:string)["A", "A"];\n';
    const two = '(a)-[e1]->(b)-[e2]->(c) project A = a.id';
    expect(await run(`${loop}E | make-graph s --> t with_node_id=id | graph-match ${two}`)).toEqual([]);
    expect(await run(`${loop}E | make-graph s --> t with_node_id=id | graph-match cycles=all ${two}`)).toEqual([['A']]);
    expect(await run(`${loop}E | make-graph s --> t with_node_id=id | graph-match cycles=unique_edges ${two}`)).toEqual([]);
    const copies = 'let E = datatable(s:string, t:string)["A", "A", "A", "A"];\n';
    expect(await run(`${copies}E | make-graph s --> t with_node_id=id | graph-match ${two}`)).toEqual([['A'], ['A']]);
    expect(await run(`${copies}E | make-graph s --> t with_node_id=id | graph-match cycles=all ${two}`)).toHaveLength(4);
  });

  it('with_node_id names the id property; without nodes the edges still carry their properties', async () => {
    expect(sorted(await run(`${EDGES}E | make-graph s --> t with_node_id=key | graph-match (x)-[e]->(y) where e.w > 1 project x.key, y.key`))).toEqual([
      ['B', 'C'],
      ['C', 'A'],
    ]);
    expect(sorted(await run(`${EDGES}E | make-graph s --> t | graph-match (x)-[e]->()-[f]->() project e.w, f.w`))).toEqual([
      [1, 2],
      [2, 3],
      [3, 1],
    ]);
  });

  it("unnamed projections take the analyzer's names, and the result feeds later operators", async () => {
    const q = `${EDGES}E | make-graph s --> t with N on id | graph-match (x)-[e]->(y) project x.id, e.w | summarize n = count(), total = sum(e_w)`;
    expect(await run(q)).toEqual([[3, 6]]);
  });

  it('a variable-length edge: each occurrence meets its constraints; cycles limit the unrolled lengths', async () => {
    const q = `${EDGES}E | make-graph s --> t with N on id | graph-match (a)-[p*1..3]->(b) where a.id == "A" and p.w < 3 project B = b.id, W = p.w`;
    expect(sorted(await run(q))).toEqual([
      ['B', [1]],
      ['C', [1, 2]],
    ]);
    // A→B→C→A→… : with unique edges no path is longer than the three edges
    const all = `${EDGES}E | make-graph s --> t with N on id | graph-match (a)-[p*1..5]->(b) where a.id == "A" project W = p.w`;
    expect(sorted(await run(all))).toEqual(sorted([[[1]], [[1, 2]], [[1, 2, 3]]]));
    expect(await run(all.replace('graph-match', 'graph-match cycles=all'))).toHaveLength(5);
  });
});

describe('graph-to-table (the page\'s examples, without the node hash columns, which are refused)', () => {
  const PAGE = `let nodes = datatable(name:string, type:string, age:long)
["Alice", "Person", 23, "Bob", "Person", 31, "Eve", "Person", 17, "Trent", "System", 99];
let edges = datatable(source:string, destination:string, edge_type:string)
["Alice", "Bob", "communicatesWith", "Alice", "Trent", "trusts", "Bob", "Trent", "hasPermission",
 "Eve", "Alice", "attacks", "Mallory", "Alice", "attacks", "Mallory", "Bob", "attacks"];
edges
| make-graph source --> destination with nodes on name
`;
  it('nodes: the table rows, then the edge-only node with its key filled and the rest empty', async () => {
    expect(sorted(await run(`${PAGE}| graph-to-table nodes`))).toEqual(
      sorted([
        ['Alice', 'Person', 23],
        ['Bob', 'Person', 31],
        ['Eve', 'Person', 17],
        ['Trent', 'System', 99],
        ['Mallory', '', null],
      ]),
    );
  });
  it('edges: one row per edge with its properties', async () => {
    expect(await run(`${PAGE}| graph-to-table edges | count`)).toEqual([[6]]);
    expect(sorted(await run(`${PAGE}| graph-to-table edges | where source == "Mallory"`))).toEqual([
      ['Mallory', 'Alice', 'attacks'],
      ['Mallory', 'Bob', 'attacks'],
    ]);
  });
  it('refused: both tables at once, a nodes table with a repeated id (while the query runs)', async () => {
    expect(refused(`${PAGE}| graph-to-table nodes as N, edges as E; N`).code).toBe('HB132');
    await expect(run('let E = datatable(s:string, t:string)["A", "B"]; let N = datatable(id:string)["A", "A"]; E | make-graph s --> t with N on id | graph-to-table nodes')).rejects.toThrow(/HB162/);
  });
});

describe('refused where the pages leave it open (coded)', () => {
  const G = 'let E = datatable(s:string, t:string, w:long)["A", "B", 1];\nlet N = datatable(id:string, age:long)["A", 10];\nE | make-graph s --> t with N on id\n';
  it.each([
    ['| graph-match cycles=none (a)-->(b) project a.id', 'HB132'],
    ['| graph-match (a)-->(b), (b)-->(c) project a.id', 'HB132'],
    ['| graph-match (a)-[e]->(b)', 'HB132'],
    ['| graph-match (a)-[e]->(b) project a', 'HB132'],
    ['| graph-match (a)-[e]->(a) project a.id', 'HB132'],
    ['| graph-match (a)-[e*1..3]-(b) project a.id', 'HB132'],
    ['| graph-match (a)-[e*0..3]->(b) project a.id', 'HB132'],
    ['| graph-match (a)-[e*1..9]->(b) project a.id', 'HB132'],
    ['| graph-match (a)-[e*1..2]->(b) where e.w > a.age project a.id', 'HB132'],
    ['| graph-match (a)-[e*1..2]->(b) project x = e.w + 1', 'HB132'],
    ['| take 1', 'HB130'],
    ['| graph-to-table nodes with_node_id=Id', 'HB132'],
    ['| graph-to-table edges with_source_id=S', 'HB132'],
  ])('%s → %s', (tail, code) => {
    expect(refused(G + tail).code).toBe(code);
  });

  it('a graph bound by let, two nodes tables, ids that are not strings', () => {
    expect(refused('let E = datatable(s:string, t:string)["A", "B"]; let g = E | make-graph s --> t with_node_id=id; g | graph-match (a)-->(b) project a.id').code).toBe('HB130');
    expect(refused('let E = datatable(s:string, t:string)["A", "B"]; let N = datatable(id:string)["A"]; E | make-graph s --> t with N on id, N on id | graph-match (a)-->(b) project a.id').code).toBe('HB132');
    expect(refused('let E = datatable(s:long, t:long)[1, 2]; E | make-graph s --> t with_node_id=id | graph-match (a)-->(b) project a.id').code).toBe('HB132');
  });

  it('while the query runs: a node id with several rows, a loop through an any-direction edge, an empty id', async () => {
    await expect(run('let E = datatable(s:string, t:string)["A", "B"]; let N = datatable(id:string, x:long)["A", 1, "A", 2]; E | make-graph s --> t with N on id | graph-match (a)-->(b) project a.x')).rejects.toThrow(/HB162/);
    // the duplicated node is not read: no properties are chosen, the match is answered
    expect(await run('let E = datatable(s:string, t:string)["A", "B"]; let N = datatable(id:string, x:long)["A", 1, "A", 2]; E | make-graph s --> t with N on id | graph-match (a)-->(b) project b.x')).toEqual([[null]]);
    await expect(run('let E = datatable(s:string, t:string)["A", "A"]; E | make-graph s --> t with_node_id=id | graph-match (a)--(b) project a.id')).rejects.toThrow(/HB162/);
    await expect(run('let E = datatable(s:string, t:string)["", "A"]; E | make-graph s --> t with_node_id=id | graph-match (a)-->(b) project b.id')).rejects.toThrow(/HB162/);
  });
});

describe("the lab's exposure graph", () => {
  const { run: lab } = useRunner(() => ({ dataset: resolveDataset('lab', false) }));

  it('one edge: every "Can Authenticate As" edge is a device-to-identity match, as a join over the two tables finds', async () => {
    const viaGraph = await lab(`ExposureGraphEdges
| make-graph SourceNodeId --> TargetNodeId with ExposureGraphNodes on NodeId
| graph-match (device)-[auth]->(identity)
    where auth.EdgeLabel == "Can Authenticate As" and set_has_element(identity.Categories, "identity")
    project Device = device.NodeName, Identity = identity.NodeName, DeviceIds = device.EntityIds`);
    const viaJoin = await lab(`ExposureGraphEdges
| where EdgeLabel == "Can Authenticate As"
| join kind=inner (ExposureGraphNodes | project SourceNodeId = NodeId, Device = NodeName, DeviceIds = EntityIds) on SourceNodeId
| join kind=inner (ExposureGraphNodes | where set_has_element(Categories, "identity") | project TargetNodeId = NodeId, Identity = NodeName) on TargetNodeId
| project Device, Identity, DeviceIds`);
    expect(viaGraph.rows.length).toBeGreaterThan(5);
    expect(sorted(viaGraph.rows)).toEqual(sorted(viaJoin.rows));
  });

  it('two edges: device → user → group, counted by group, as joins count them', async () => {
    const viaGraph = await lab(`ExposureGraphEdges
| make-graph SourceNodeId --> TargetNodeId with ExposureGraphNodes on NodeId
| graph-match (d)-[a]->(u)-[m]->(g)
    where a.EdgeLabel == "Can Authenticate As" and m.EdgeLabel == "member of"
    project Group = g.NodeName
| summarize n = count() by Group`);
    const viaJoin = await lab(`let E = ExposureGraphEdges;
E | where EdgeLabel == "Can Authenticate As"
| join kind=inner (E | where EdgeLabel == "member of" | project TargetNodeId2 = TargetNodeId, TargetNodeId = SourceNodeId) on TargetNodeId
| join kind=inner (ExposureGraphNodes | project TargetNodeId2 = NodeId, Group = NodeName) on TargetNodeId2
| summarize n = count() by Group`);
    expect(viaGraph.rows.length).toBeGreaterThan(0);
    expect(sorted(viaGraph.rows)).toEqual(sorted(viaJoin.rows));
  });

  it('a filtered nodes table leaves the other nodes without properties (the identity hunt shape)', async () => {
    const r = await lab(`let Identities = ExposureGraphNodes | where set_has_element(Categories, "identity");
ExposureGraphEdges
| where EdgeLabel == "Can Authenticate As"
| make-graph SourceNodeId --> TargetNodeId with Identities on NodeId
| graph-match (Device)-[canConnectAs]->(Identity)
    where set_has_element(Identity.Categories, "identity")
    project DeviceName = Device.NodeName, IdentityName = Identity.NodeName`);
    expect(r.rows.length).toBeGreaterThan(5);
    // the devices have no row: their NodeName is empty, the identities' is not
    for (const row of r.rows) {
      expect(row[0]).toBe('');
      expect(String(row[1])).not.toBe('');
    }
  });
});
