import type { Pack } from '../../src/packs/types.ts';

/** A small valid pack that tests mutate. */
export const minimalPack = (): Pack => ({
  format: 'huntbench-pack',
  formatVersion: 1,
  id: 'test.pack',
  name: 'Test pack',
  version: '1.0.0',
  queries: [
    {
      id: 'q1',
      displayName: 'Query one',
      body: 'DeviceInfo | where DeviceName == device | take 1',
      parameters: [{ name: 'device', type: 'string', default: 'win10-lab01' }],
      tests: [{ name: 't', expect: { rowCount: 1 } }],
    },
  ],
});
