/**
 * Wrong answers found by probing the tabular operators (join, union, mv-expand, parse, summarize,
 * make-series, top, sort, project-*, …) against the operator pages and the dev oracle (audit12,
 * session 27); each case names its evidence.
 */
import { describe, expect, it } from 'vitest';
import { useAnswer } from './helpers.ts';

/** The rows, or the error's code when the query is refused. */
const answer = useAnswer();

describe('union: a column named like a type-split column is its own column', () => {
  // union operator page: the union "has all the columns that occur in any of the inputs"; only a
  // column the inputs type several ways is split into ColumnName_type. An input's own `x_long`
  // (the inputs all type `x` long) was filled, for the rows of an input without it, from that
  // input's `x`: `T | union (T | extend x_long = 5)` showed x_long = 1 on T's row.
  it('an input without the column pads it', async () => {
    expect(await answer('datatable(x:long)[1] | union (datatable(x:long)[2] | extend x_long = 5)')).toEqual([
      [1, null],
      [2, 5],
    ]);
    expect(await answer('union (datatable(x:int)[1]), (datatable(x_int:int)[5])')).toEqual([
      [1, null],
      [null, 5],
    ]);
    // the same name typed string by the other input (was HB098)
    expect(await answer('union (datatable(x:long)[1]), (datatable(x_long:string)["q"])')).toEqual([
      [1, ''],
      [null, 'q'],
    ]);
  });
  it('a real type split still fills the split columns', async () => {
    // union page: "ColumnName_type" columns when the inputs type a name differently; a generated
    // name an input already has is numbered (x_long1)
    expect(await answer('union (datatable(x:long)[1]), (datatable(x:string)["a"]), (datatable(x_long:long)[5])')).toEqual([
      [1, '', null],
      [null, 'a', null],
      [null, '', 5],
    ]);
  });
});

describe('evaluate marks its output nonserialized', () => {
  // serialize operator page, "Serialization behavior of operators": the output row set of
  // evaluate is marked as nonserialized, so row_number()/prev()/next() after it are Kusto errors.
  // After a sort, `evaluate narrow()` / `bag_unpack()` then row_number() answered 1, 2, 3.
  it('row_number() after evaluate is HB105', async () => {
    expect(await answer('datatable(x:long)[3,1,2] | sort by x asc | evaluate narrow() | extend r=row_number()')).toBe('HB105');
    expect(await answer('datatable(d:dynamic, x:long)[dynamic({"a":1}), 3] | sort by x asc | evaluate bag_unpack(d) | extend p=prev(x)')).toBe('HB105');
  });
  it('the rows keep their order, and serialize makes it usable again', async () => {
    expect(await answer('datatable(x:long)[3,1,2] | sort by x asc | evaluate narrow()')).toEqual([
      [0, 'x', '1'],
      [1, 'x', '2'],
      [2, 'x', '3'],
    ]);
    expect(await answer('datatable(d:dynamic, x:long)[dynamic({"a":1}), 3, dynamic({"a":2}), 1] | sort by x asc | evaluate bag_unpack(d) | serialize | extend r=row_number()')).toEqual([
      [1, 2, 1],
      [3, 1, 2],
    ]);
  });
});

describe('bags keep their own key order beside bags of the same keys in another order', () => {
  // Kusto keeps a property bag's keys in the order written (oracle saoc-r1-dynamic-json-0018:
  // dynamic({"b":2,"a":1}) shows as {"b":2,"a":1}). Rows of a datatable, union inputs and the
  // elements of a dynamic array literal were unified into one struct type, so the second bag took
  // the first one's key order: tostring() gave {"b":1,"a":2} for {"a":2,"b":1}, bag_keys() ["b","a"].
  it('each row prints its own order', async () => {
    expect(await answer('datatable(d:dynamic)[dynamic({"b":1,"a":2}), dynamic({"a":2,"b":1})] | project s=tostring(d), k=bag_keys(d)')).toEqual([
      ['{"b":1,"a":2}', ['b', 'a']],
      ['{"a":2,"b":1}', ['a', 'b']],
    ]);
    expect(await answer('print d=dynamic({"b":1,"a":2}) | union (print d=dynamic({"a":2,"b":1,"c":3})) | project s=tostring(d)')).toEqual([['{"b":1,"a":2}'], ['{"a":2,"b":1,"c":3}']]);
    expect(await answer('print s=tostring(dynamic([{"b":1,"a":2}, {"a":2,"b":1}]))')).toEqual([['[{"b":1,"a":2},{"a":2,"b":1}]']]);
  });
  it('bags with other keys still share one struct when the order agrees', async () => {
    expect(await answer('datatable(d:dynamic)[dynamic({"b":1,"a":2}), dynamic({"a":2,"c":1})] | project s=tostring(d)')).toEqual([['{"b":1,"a":2}'], ['{"a":2,"c":1}']]);
  });
});

describe('a computed key over a bag whose values are bags with their own key order', () => {
  // Bags keep their keys in the order written (oracle saoc-r1-dynamic-json-0018), so two member
  // bags with other key orders have no common struct; `b[k]` carries the chosen member as JSON text
  // instead of being refused (Entra's InitiatedBy: {"app": {...}} or {"user": {...}}, read with
  // InitiatedBy[tostring(bag_keys(InitiatedBy)[0])]["ipAddress"] by Sentinel hunts).
  const T = `datatable(b:dynamic)[dynamic({"app":{"name":"x","ip":"10.0.0.1"},"user":{"ip":"10.0.0.2","upn":"a@b","name":"y"}})]`;
  it('reads a member of the chosen bag, and prints it in its own order', async () => {
    expect(await answer(`${T} | extend k = "user" | project ip = tostring(b[k]["ip"]), whole = tostring(b[k])`)).toEqual([
      ['10.0.0.2', '{"ip":"10.0.0.2","upn":"a@b","name":"y"}'],
    ]);
    expect(await answer(`${T} | extend k = "app" | project ip = tostring(b[k].ip), whole = tostring(b[k])`)).toEqual([
      ['10.0.0.1', '{"name":"x","ip":"10.0.0.1"}'],
    ]);
    // a key the bag does not have: null (as b["nope"] is)
    expect(await answer(`${T} | extend k = "nope" | project isnull(b[k])`)).toEqual([[true]]);
  });
});
