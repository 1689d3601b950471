// Cron schedules as a CronJob writes them, as upstream's robfig/cron ParseStandard: five fields (minute, hour, day of
// month, month, day of week), each `*`, `?`, a value, a range `a-b`, a step `*/n`, `a-b/n` or `a/n`, or a list of
// those; month and weekday names (JAN, MON); 7 as Sunday; and the macros @yearly, @monthly, @weekly, @daily, @hourly.
// Times are UTC, as a controller-manager in a container sees them.

/** A parsed schedule: the values each field allows. */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** Day of month or day of week was `*`: then both must match, otherwise either may (as cron always has). */
  dayStar: boolean;
}

export type CronParseResult = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names for the values from `min` on. */
  names?: string[];
}

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS },
];

/** Parses a schedule; an error names the field and what was wrong with it. */
export function parseCron(spec: string): CronParseResult {
  const text = spec.trim();
  const expanded = text.startsWith('@') ? MACROS[text.toLowerCase()] : text;
  if (!expanded) return { ok: false, error: `unrecognized descriptor: ${text}` };
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5) return { ok: false, error: `expected exactly 5 fields, found ${parts.length}: ${text}` };
  const sets: Set<number>[] = [];
  for (const [i, part] of parts.entries()) {
    const parsed = parseField(part, FIELDS[i]!);
    if (typeof parsed === 'string') return { ok: false, error: `${FIELDS[i]!.name}: ${parsed}` };
    sets.push(parsed);
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = sets as [Set<number>, ...Set<number>[]];
  if (daysOfWeek!.delete(7)) daysOfWeek!.add(0);
  const star = (part: string) => part.startsWith('*') || part.startsWith('?');
  const dayStar = star(parts[2]!) || star(parts[4]!);
  return {
    ok: true,
    schedule: { minutes, hours: hours!, daysOfMonth: daysOfMonth!, months: months!, daysOfWeek: daysOfWeek!, dayStar },
  };
}

/** The values one field allows, or what is wrong with it. */
function parseField(text: string, field: Field): Set<number> | string {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range = '', stepText, extra] = item.split('/');
    if (extra !== undefined) return `too many slashes: ${item}`;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) return `bad step: ${item}`;
    let low: number | undefined;
    let high: number | undefined;
    if (range === '*' || range === '?') [low, high] = [field.min, field.max];
    else {
      const [from = '', to, more] = range.split('-');
      if (more !== undefined) return `too many hyphens: ${item}`;
      low = value(from, field);
      // `a/n` means from a to the field's end, as robfig/cron reads it.
      high = to !== undefined ? value(to, field) : stepText !== undefined ? field.max : low;
    }
    if (low === undefined || high === undefined) return `bad value: ${item}`;
    if (low < field.min || high > field.max || low > high) return `out of range [${field.min}, ${field.max}]: ${item}`;
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

function value(text: string, field: Field): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

const MINUTE = 60_000;

/**
 * The first time after `after` (strictly later, whole minutes) the schedule fires, or undefined if none within five
 * years (`0 0 30 2 *`). Walks forward a month, day, hour or minute at a time, skipping whatever does not match.
 */
export function nextTime(schedule: CronSchedule, after: Date): Date | undefined {
  let t = new Date(Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE);
  const lastYear = t.getUTCFullYear() + 5;
  while (t.getUTCFullYear() <= lastYear) {
    const [year, month, day, hour] = [t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours()];
    if (!schedule.months.has(month + 1)) t = new Date(Date.UTC(year, month + 1, 1));
    else if (!dayMatches(schedule, t)) t = new Date(Date.UTC(year, month, day + 1));
    else if (!schedule.hours.has(hour)) t = new Date(Date.UTC(year, month, day, hour + 1));
    else if (!schedule.minutes.has(t.getUTCMinutes())) t = new Date(t.getTime() + MINUTE);
    else return t;
  }
  return undefined;
}

function dayMatches(schedule: CronSchedule, t: Date): boolean {
  const dom = schedule.daysOfMonth.has(t.getUTCDate());
  const dow = schedule.daysOfWeek.has(t.getUTCDay());
  return schedule.dayStar ? dom && dow : dom || dow;
}
