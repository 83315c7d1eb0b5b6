import { DuckDBInstance } from '@duckdb/node-api';
const f = '/tmp/s10m-v.duckdb';
{
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  await c.run(`ATTACH '${f}' AS hb_out`); await c.run('USE hb_out');
  await c.run(`CREATE TABLE b AS SELECT range AS x FROM range(10)`);
  await c.run(`CREATE TABLE k AS SELECT 100 AS y`);
  await c.run(`CREATE VIEW v AS SELECT x FROM b UNION ALL SELECT x + y FROM b JOIN k ON true`);
  await c.run('CHECKPOINT hb_out'); await c.run('USE memory'); await c.run('DETACH hb_out');
}
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run(`ATTACH '${f}' AS other (READ_ONLY)`);
await c.run(`CREATE TABLE b AS SELECT 7 AS x`);
console.log((await c.runAndReadAll(`SELECT count(*), sum(x) FROM other.main.v`)).getRows());
console.log((await c.runAndReadAll(`SELECT view_name, database_name FROM duckdb_views() WHERE NOT internal`)).getRows());
