/**
 * Wrong answers found by probing edge values (audit4, session 23); each case names its evidence.
 */
import { describe, expect, it } from 'vitest';
import { useAnswer } from './helpers.ts';

/** The rows, or the error's code when the query is refused. */
const answer = useAnswer();

describe('a whole real in a dynamic literal that mixes kinds stays a real', () => {
  // dynamic([1.0])[0] is a double (oracle saoc-test-reg-0006: gettype(parse_json("1.5")) is
  // "double"); the same 1.0 beside a long or a string was written "1" into the JSON text and
  // read back as a long.
  it('gettype of the element', async () => {
    expect(await answer('print a = gettype(dynamic([1.0])[0]), b = gettype(dynamic([1.0, 2])[0]), c = gettype(dynamic([2, 1.0, "x"])[1]), d = gettype(parse_json(\'{"a":1.0,"b":[1,"x"]}\').a)')).toEqual([
      ['double', 'double', 'double', 'double'],
    ]);
  });
  it('mv-expand keeps the kind of each element', async () => {
    expect(await answer('print d = dynamic([1.0, 2]) | mv-expand d | project t = gettype(d)')).toEqual([['double'], ['long']]);
  });
  it('its text is never the long spelling', async () => {
    const r = await answer('print t = tostring(dynamic([1.0, 2]))');
    expect(r).not.toEqual([['[1,2]']]);
  });
});

describe('-0.0 in a dynamic literal keeps its sign', () => {
  // a real -0.0 keeps its sign (1.0 / -0.0 is -Infinity here and in .NET); the literal folded into
  // a typed list or bag was written CAST(0 AS DOUBLE), so 1.0 / it gave +Infinity and its JSON
  // text "0.0" (the shown text of -0.0 is refused, HB108).
  it('1.0 / the element is -Infinity', async () => {
    expect(await answer('print a = 1.0 / todouble(dynamic([-0.0])[0]), b = 1.0 / todouble(dynamic({"a":-0.0}).a), c = 1.0 / todouble(dynamic(-0.0))')).toEqual([
      ['-Infinity', '-Infinity', '-Infinity'],
    ]);
  });
  it('its JSON text is not "0.0"', async () => {
    expect(await answer('print t = tostring(dynamic([-0.0]))')).toBe('HB108');
  });
});

describe('a decimal put into a dynamic value is refused', () => {
  // Kusto holds a decimal inside a dynamic value as its text (oracle saoc-r3-aggregation-0032:
  // make_list of decimal(1.5), decimal(2.5) is ["1.5", "2.5"]), which make_list already refuses
  // (HB121: the text's trailing zeros are not kept here). pack(), pack_array() and bag_pack() put
  // the decimal in as a number: {"d": 1.1}, compared as a number where Kusto has a string.
  it.each([
    "datatable(d:decimal)[decimal(1.5)] | project p = pack('d', d)",
    'datatable(d:decimal)[decimal(1.5)] | project p = pack_array(d)',
    "datatable(d:decimal)[decimal(1.5)] | project p = tostring(bag_pack('d', d))",
    'print p = pack_array(decimal(2.5), decimal(1))',
  ])('%s', async (kql) => {
    expect(await answer(kql)).toBe('HB121');
  });
});

describe('the text of a decimal', () => {
  // .NET's decimal keeps its scale in its text (1.50m is "1.50", 1.5m * 2 is "3.0"); decimals are
  // DOUBLEs here, so tostring(todecimal("1.10")) was "1.1" and tostring(decimal(1.5) * decimal(2)) "3".
  it.each(['print t = tostring(todecimal("1.10"))', 'print t = tostring(decimal(1.5) * decimal(2))', 'print t = strcat(decimal(1.0))', 'datatable(d:decimal)[decimal(2)] | project t = tostring(d)'])(
    '%s is refused',
    async (kql) => {
      expect(await answer(kql)).toBe('HB108');
    },
  );
  // whole numbers have no fraction digits to keep (oracle saoc-r2-type-casts-coercion-0022:
  // tolong(tostring(todecimal("100"))) is 100)
  it('a constant made of whole numbers keeps its text', async () => {
    expect(await answer('print a = tostring(todecimal("100")), b = tostring(decimal(3) * 2), c = strcat(-decimal(7), "x"), d = tolong(tostring(todecimal("100")))')).toEqual([['100', '6', '-7x', 100]]);
  });
});

describe('a datetime in a dynamic literal that mixes kinds', () => {
  // dynamic([datetime(2024-01-01)]) holds a datetime (gettype "datetime", text
  // "2024-01-01T00:00:00.0000000Z"); beside a number it went into JSON text as the string
  // "2024-01-01T00:00:00Z": gettype "string", another text, and == datetime(2024-01-01) false.
  it.each(['print t = tostring(dynamic([datetime(2024-01-01), 1]))', 'print t = gettype(dynamic([datetime(2024-01-01), "x"])[0])', 'print t = dynamic({"t":datetime(2024-01-01), "n":[1,"x"]})'])(
    '%s is refused',
    async (kql) => {
      expect(await answer(kql)).toBe('HB110');
    },
  );
  it('a literal of datetimes alone keeps them', async () => {
    expect(await answer('print a = gettype(dynamic([datetime(2024-01-01)])[0]), b = tostring(dynamic([datetime(2024-01-01)]))')).toEqual([['datetime', '["2024-01-01T00:00:00.0000000Z"]']]);
  });
});
