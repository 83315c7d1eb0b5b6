/**
 * What Defender for Endpoint records about a scheduled task in DeviceEvents (ActionType
 * ScheduledTaskCreated / ScheduledTaskUpdated / ScheduledTaskDeleted): AdditionalFields holds
 * TaskName, TaskContent and SubjectUserName (the account that registered the task).
 * TaskContent is the task definition (the Task Scheduler XML) serialised as JSON text, its
 * elements as keys: Triggers, Principals, Actions (Actions.Exec.Command / .Arguments); the lab
 * leaves out the Settings and RegistrationInfo elements, which no hunt it knows reads.
 * Public hunts read it with extractjson("$.Actions", TaskContent) and parse_json(...).Exec.Command.
 * Element values are text in the XML, so they are strings here too ("true", "P1D").
 *
 * No random numbers: every value comes from what the generator already decided.
 */
import { iso, type Micros } from './time.ts';
import type { Proc } from './world.ts';

export interface TaskDef {
  /** full task path, leading backslash, e.g. \OneDrive Reporting Task-S-1-5-21-… */
  name: string;
  command: string;
  arguments?: string;
  /** the task's principal: S-1-5-18 for SYSTEM, else the user's SID */
  userId: string;
  runLevel: 'HighestAvailable' | 'LeastPrivilege';
  /** the trigger element(s), already shaped (e.g. { CalendarTrigger: {...} }) */
  triggers: Record<string, unknown>;
}

/** The text the Task Scheduler writes for StartBoundary: local time to the second, no zone (written here in UTC). */
export function startBoundary(t: Micros): string {
  return iso(t).slice(0, 19);
}

/** A daily calendar trigger starting at t (installers' update tasks). */
export function dailyTrigger(t: Micros): Record<string, unknown> {
  return { CalendarTrigger: { StartBoundary: startBoundary(t), Enabled: 'true', ScheduleByDay: { DaysInterval: '1' } } };
}

/** A time trigger repeating every `every` (ISO-8601 duration), as OneDrive's per-user tasks use. */
export function repeatingTrigger(t: Micros, every: string): Record<string, unknown> {
  return { TimeTrigger: { Repetition: { Interval: every, StopAtDurationEnd: 'false' }, StartBoundary: startBoundary(t), Enabled: 'true' } };
}

/** The TaskContent JSON text for a task definition. */
export function taskContent(d: TaskDef): string {
  const exec: Record<string, string> = { Command: d.command };
  if (d.arguments) exec.Arguments = d.arguments;
  return JSON.stringify({
    Triggers: d.triggers,
    Principals: { Principal: { UserId: d.userId, RunLevel: d.runLevel } },
    Actions: { Exec: exec },
  });
}

/** AdditionalFields of a ScheduledTask* row registered by `actor` (SubjectUserName is its account). */
export function taskFields(actor: Proc, d: TaskDef): Record<string, unknown> {
  return { TaskName: d.name, TaskContent: taskContent(d), SubjectUserName: actor.acct.name };
}

/**
 * OneDrive's per-user tasks (named with the user's SID): both run OneDriveStandaloneUpdater.exe from
 * the user's profile, once a day, as the user; the reporting task adds /reporting.
 */
export function oneDriveTask(task: string, sid: string, t: Micros): TaskDef {
  return {
    name: `\\${task}-${sid}`,
    command: '%localappdata%\\Microsoft\\OneDrive\\OneDriveStandaloneUpdater.exe',
    ...(task === 'OneDrive Reporting Task' ? { arguments: '/reporting' } : {}),
    userId: sid,
    runLevel: 'LeastPrivilege',
    triggers: repeatingTrigger(t, 'P1D'),
  };
}
