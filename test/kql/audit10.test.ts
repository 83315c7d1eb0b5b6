/**
 * Wrong answers found by probing type casts, null and edge values, and aggregates (audit10,
 * session 25); each case names its evidence.
 */
import { describe, expect, it } from 'vitest';
import { useAnswer } from './helpers.ts';

/** The rows, or the error's code when the query is refused. */
const answer = useAnswer();

describe('a constant timespan beyond 2^53 ticks keeps its exact microseconds', () => {
  // A timespan literal (and totimespan() of constant text) was read through a double: past 2^53
  // ticks (104,249 days) the last ticks were rounded, so `timespan(104249.00:00:00.000001)` showed
  // 2 µs and Kusto's largest timespan 10675199.02:48:05.4775807 (timespan page: the range of
  // .NET's TimeSpan) showed .4776000, 20 µs off. The same text read per row (totimespan of a
  // column) was right, which shows the answer: the clock form's own fields.
  it('literal and totimespan() of constant text', async () => {
    expect(
      await answer('print a=timespan(104249.00:00:00.000001), b=totimespan("104249.00:00:00.000001"), c=time(1000000.00:00:00.000001), d=timespan(10675199.02:48:05.477580)'),
    ).toEqual([['104249.00:00:00.0000010', '104249.00:00:00.0000010', '1000000.00:00:00.0000010', '10675199.02:48:05.4775800']]);
  });
  it('agrees with the same text read per row', async () => {
    expect(await answer('datatable(s:string)["104249.00:00:00.000001", "10675199.02:48:05.477580"] | extend t=totimespan(s) | project t')).toEqual([
      ['104249.00:00:00.0000010'],
      ['10675199.02:48:05.4775800'],
    ]);
  });
});
