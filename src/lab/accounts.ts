/**
 * Directory accounts that are not a person at a desk of the estate, with the sign-ins a hunter
 * expects of them:
 * - a leaver whose account IT disabled at offboarding, three weeks before the lab window; the mail
 *   app on the personal phone still holds the account and retries every sync, so Entra ID answers
 *   AADSTS50057 ("User account is disabled. The account has been disabled by an administrator.")
 *   around the clock from a home broadband address;
 * - the office multifunction printer's scan-to-email account, which submits each scan through
 *   SMTP AUTH to Exchange Online: a legacy-authentication sign-in (ClientAppUsed
 *   "Authenticated SMTP", user agent BAV2ROPC, single factor) from the office's egress address
 *   whenever someone scans during office hours. The tenant's Conditional Access policies cover
 *   browser, modern and ActiveSync clients only (identity-and-compliance.md B.2), so these
 *   sign-ins succeed with Conditional Access "notApplied". Each sign-in is followed by the scan's
 *   mail (EmailEvents, intra-org, one PDF in EmailAttachmentInfo) to the colleague who scanned.
 * IdentityInfo lists both (identity.ts); the sign-ins are written with the other Entra ID background
 * sign-ins (sentinel-estate.ts), mirrored into SigninLogs, AADSignInEventsBeta, EntraIdSignInEvents
 * and IdentityLogonEvents as those are.
 */
import { cloudSidOf } from './people.ts';
import { guidOf } from './rng.ts';
import { T } from './time.ts';
import type { UserDef } from './model.ts';

export interface DirectoryAccount extends UserDef {
  enabled: boolean;
  service: boolean;
  created: number;
  /** When the account's state last changed (disabled, for the leaver). */
  stateChangedOn: number;
}

const account = (upn: string, displayName: string, department: string, jobTitle: string, o: Omit<DirectoryAccount, keyof UserDef>): DirectoryAccount => {
  const objectId = guidOf(`user:${upn}`);
  return { key: upn.split('@')[0], displayName, upn, objectId, cloudSid: cloudSidOf(objectId), accountName: upn.split('@')[0], department, jobTitle, ...o };
};

export const LEAVER = account('robin.verhoeven@contoso.example', 'Robin Verhoeven', 'Sales', 'Account Executive', {
  enabled: false,
  service: false,
  created: T('2021-03-15T08:00:00'),
  stateChangedOn: T('2024-04-26T16:42:00'),
});

export const SCAN_TO_MAIL = account('scan-mfp01@contoso.example', 'MFP01 Scan to Email', '', '', {
  enabled: true,
  service: true,
  created: T('2022-11-08T10:20:00'),
  stateChangedOn: T('2022-11-08T10:20:00'),
});

export const DIRECTORY_ACCOUNTS: readonly DirectoryAccount[] = [LEAVER, SCAN_TO_MAIL];
