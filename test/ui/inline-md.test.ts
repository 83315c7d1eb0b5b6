import { describe, expect, it } from 'vitest';
import { inlineMarkdown, plainMarkdown } from '../../src/ui/schema/inline-md.ts';

describe('inlineMarkdown', () => {
  it('splits code, emphasis, strong and links into pieces', () => {
    expect(inlineMarkdown('The *created* process is `FileName`; **not** [docs](https://x.example/a) here')).toEqual([
      { kind: 'text', text: 'The ' },
      { kind: 'em', text: 'created' },
      { kind: 'text', text: ' process is ' },
      { kind: 'code', text: 'FileName' },
      { kind: 'text', text: '; ' },
      { kind: 'strong', text: 'not' },
      { kind: 'text', text: ' docs here' },
    ]);
  });

  it('keeps markup-looking text as text and leaves lone markers alone', () => {
    expect(inlineMarkdown('<b>x</b> 2 * 3 = 6')).toEqual([{ kind: 'text', text: '<b>x</b> 2 * 3 = 6' }]);
    expect(plainMarkdown('`InitiatingProcess*` columns')).toBe('InitiatingProcess* columns');
  });
});
