/**
 * The registry of scenarios. Adding a scenario is one file in this folder plus one line here;
 * `huntbench generate --dataset <id>`, `huntbench practice` and the browser's Practice view all
 * read this list.
 */
import { golden } from './golden-saml.ts';
import { lab } from './lab.ts';
import { ransomware } from './ransomware.ts';
import type { Scenario } from './types.ts';

export const SCENARIOS: readonly Scenario[] = [
  lab,
  ransomware,
  golden,
];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
