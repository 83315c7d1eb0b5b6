import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSql, tokenizeSql } from '../../src/ui/results/sql-format.ts';

const golden = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../kql/golden');
const sqls = fs
  .readdirSync(golden)
  .filter((f) => f.endsWith('.sql'))
  .map((f) => [f, fs.readFileSync(path.join(golden, f), 'utf8')] as const);

/** The non-whitespace tokens: formatting may change nothing else. */
const tokens = (s: string) =>
  tokenizeSql(s)
    .filter((t) => t.k !== 'ws')
    .map((t) => t.t);

describe('formatSql', () => {
  it.each(sqls)('%s: same tokens, idempotent', (_f, sql) => {
    const out = formatSql(sql);
    expect(tokens(out)).toEqual(tokens(sql));
    expect(formatSql(out)).toBe(out);
  });

  it('breaks before clauses, puts each CTE on its own lines and indents subqueries', () => {
    const sql =
      "WITH q0 AS (SELECT a AS c0, b AS c1 FROM \"T\" WHERE (a = 'x FROM y')), q1 AS (SELECT c0, count(*) AS n FROM q0 GROUP BY 1) SELECT * FROM q1 l LEFT JOIN q0 r ON l.c0 IS NOT DISTINCT FROM r.c0 WHERE c0 IN (SELECT c0 FROM q0) ORDER BY n DESC LIMIT 10";
    expect(formatSql(sql)).toBe(
      [
        'WITH',
        '  q0 AS (',
        '    SELECT a AS c0, b AS c1',
        '    FROM "T"',
        "    WHERE (a = 'x FROM y')",
        '  ),',
        '  q1 AS (',
        '    SELECT c0, count(*) AS n',
        '    FROM q0',
        '    GROUP BY 1',
        '  )',
        'SELECT *',
        'FROM q1 l',
        'LEFT JOIN q0 r ON l.c0 IS NOT DISTINCT FROM r.c0',
        'WHERE c0 IN (',
        '  SELECT c0',
        '  FROM q0',
        ')',
        'ORDER BY n DESC',
        'LIMIT 10',
      ].join('\n'),
    );
  });

  it('leaves window clauses, operators and literals with line breaks alone', () => {
    const sql = "SELECT row_number() OVER (PARTITION BY a ORDER BY b) AS r, x::VARCHAR, 'l1\nl2' FROM t WHERE y>=-1";
    const out = formatSql(sql);
    expect(out).toContain('OVER (PARTITION BY a ORDER BY b)');
    expect(out).toContain("'l1\nl2'");
    expect(out).toContain('y>=-1');
    expect(out).toContain('x::VARCHAR');
  });

  it('wraps a long SELECT list on indented lines; a line comment ends its line', () => {
    const cols = Array.from({ length: 30 }, (_, i) => `"Column${i}" AS c${i}`).join(', ');
    const out = formatSql(`SELECT ${cols} FROM t -- note\nWHERE a`);
    const lines = out.split('\n');
    expect(lines[0]).toBe('SELECT');
    expect(lines.slice(1, -3).every((l) => l.startsWith('  "') && l.length < 120)).toBe(true);
    expect(lines.slice(-2)).toEqual(['FROM t -- note', 'WHERE a']);
  });
});
