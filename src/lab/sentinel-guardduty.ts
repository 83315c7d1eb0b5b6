/**
 * AWSGuardDuty (Sentinel's Amazon Web Services S3 connector, GuardDuty findings): the most used
 * Sentinel table the lab still lacked (docs/tables/defender-more.md; notes in
 * docs/tables/legacy-tables.md). GuardDuty watches the same AWS account as AWSCloudTrail and finds
 * what an account with two internet-facing instances sees every day: the internet scanners of the
 * lab's other logs probing their published ports (Recon:EC2/PortProbeUnprotectedPort, severity 2).
 * One finding per instance and port, created at the first probe and exported again (a new record,
 * same Id, the count and last-seen time moved on) after each six-hour export interval with new
 * probes. Columns and types: the table's Log Analytics reference page, in its order, without
 * `_BilledSize` and `_IsBillable`. No random draws (every choice is a hash of its own name): every
 * other table's rows stay as they were.
 */
import type { Shape } from './arrow.ts';
import { hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { INTERNET_SCANNERS } from './sentinel-estate.ts';
import { AWS_ACCOUNT, AWS_REGION } from './sentinel-more.ts';
import { refColumns } from './sentinel-tables.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import type { Sinks } from './world.ts';

export const GUARDDUTY_TABLES: RefTable[] = [
  {
    name: 'AWSGuardDuty',
    kind: 'sentinel',
    ref: 'docs/tables/legacy-tables.md',
    description: "Amazon GuardDuty findings of the AWS account (the one AWSCloudTrail logs), through the Amazon Web Services S3 connector: a record per finding per export.",
    columns: refColumns(`AccountId:string ActivityType:string Arn:string Description:string Id:string Partition:string Region:string
      ResourceDetails:dynamic SchemaVersion:string ServiceDetails:dynamic Severity:int SourceSystem:string TenantId:string TimeCreated:datetime
      TimeGenerated:datetime Title:string Type:string`),
  },
];

export const GUARDDUTY_SHAPES: Record<string, Shape> = {
  'AWSGuardDuty.ResourceDetails': {
    struct: [
      ['resourceType', 'string'],
      ['instanceDetails', { struct: [['instanceId', 'string'], ['instanceType', 'string'], ['availabilityZone', 'string'], ['platform', 'string'], ['imageId', 'string'], ['launchTime', 'string']] }],
    ],
  },
  'AWSGuardDuty.ServiceDetails': {
    struct: [
      ['serviceName', 'string'],
      ['detectorId', 'string'],
      ['archived', 'bool'],
      ['count', 'long'],
      ['eventFirstSeen', 'string'],
      ['eventLastSeen', 'string'],
      ['resourceRole', 'string'],
      [
        'action',
        {
          struct: [
            ['actionType', 'string'],
            [
              'portProbeAction',
              {
                struct: [
                  ['blocked', 'bool'],
                  ['portProbeDetails', { list: { struct: [['localPortDetails', { struct: [['port', 'long'], ['portName', 'string']] }], ['remoteIpDetails', { struct: [['ipAddressV4', 'string']] }]] } }],
                ],
              },
            ],
          ],
        },
      ],
    ],
  },
};

const ACTIVITY = 'Recon:EC2/PortProbeUnprotectedPort';
/** The account's internet-facing instances (ids as AWSCloudTrail's instance changes name them) and the port each publishes. */
const INSTANCES = [
  { n: 1, port: 22, portName: 'SSH', platform: '', type: 't3.medium', image: 'ami-0a1b2c3d4e5f60718' },
  { n: 2, port: 3389, portName: 'RDP', platform: 'windows', type: 'm5.large', image: 'ami-0f9e8d7c6b5a40312' },
];
const EXPORT = 6 * HOUR;
const h = (s: string, m: number) => Number.parseInt(hexOf(s, 8), 16) % m;
const iso = (t: number) => `${new Date(t / 1000).toISOString().slice(0, 23)}Z`;

export function writeGuardDuty(c: { sinks: Sinks; days: number[]; tenant: string }): void {
  const out = c.sinks.AWSGuardDuty;
  if (!out) return;
  const detector = hexOf('aws:guardduty:detector', 32);
  const start = c.days[0];
  const end = c.days[c.days.length - 1] + DAY;
  for (const inst of INSTANCES) {
    const instanceId = `i-0${hexOf(`aws:i:${inst.n}`, 16)}`;
    const id = hexOf(`aws:guardduty:${instanceId}:${inst.port}`, 32);
    let first = 0;
    let count = 0;
    for (let slot = start; slot < end; slot += EXPORT) {
      // probes in this interval: most intervals have a few, some none
      const probes = h(`gd:${id}:${slot}`, 7) - 1;
      if (probes <= 0) continue;
      let last = 0;
      let ip = '';
      for (let k = 0; k < probes; k++) {
        const t = slot + h(`gd:${id}:${slot}:${k}:t`, EXPORT / SEC) * SEC;
        if (!first || t < first) first = t;
        if (t > last) {
          last = t;
          ip = INTERNET_SCANNERS[h(`gd:${id}:${slot}:${k}:ip`, INTERNET_SCANNERS.length)];
        }
      }
      count += probes;
      const exported = slot + EXPORT + (5 + h(`gd:${id}:${slot}:export`, 10)) * MIN;
      if (exported >= end) break;
      out.add({
        AccountId: AWS_ACCOUNT,
        ActivityType: ACTIVITY,
        Arn: `arn:aws:guardduty:${AWS_REGION}:${AWS_ACCOUNT}:detector/${detector}/finding/${id}`,
        Description: `EC2 instance has an unprotected port which is being probed by a known malicious host.`,
        Id: id,
        Partition: 'aws',
        Region: AWS_REGION,
        ResourceDetails: {
          resourceType: 'Instance',
          instanceDetails: { instanceId, instanceType: inst.type, availabilityZone: `${AWS_REGION}a`, platform: inst.platform, imageId: inst.image, launchTime: '2024-02-19T08:12:40.000Z' },
        },
        SchemaVersion: '2.0',
        ServiceDetails: {
          serviceName: 'guardduty',
          detectorId: detector,
          archived: false,
          count,
          eventFirstSeen: iso(first),
          eventLastSeen: iso(last),
          resourceRole: 'TARGET',
          action: { actionType: 'PORT_PROBE', portProbeAction: { blocked: false, portProbeDetails: [{ localPortDetails: { port: inst.port, portName: inst.portName }, remoteIpDetails: { ipAddressV4: ip } }] } },
        },
        Severity: 2,
        SourceSystem: 'AWS',
        TenantId: c.tenant,
        TimeCreated: first,
        TimeGenerated: exported,
        Title: `Unprotected port on EC2 instance ${instanceId} is being probed.`,
        Type: 'AWSGuardDuty',
      });
    }
  }
}
