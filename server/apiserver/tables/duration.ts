// Durations and ages the way `kubectl get` shows them: apimachinery's duration.HumanDuration and the printers'
// translateTimestampSince.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Shown for a timestamp that is not set. */
export const UNKNOWN = '<unknown>';

/** Shown for a time more than a second in the future (clock skew beyond tolerance). */
export const INVALID = '<invalid>';

/**
 * A duration in ~2–3 significant figures: 45s, 119s, 2m, 5m30s, 10m, 179m, 3h, 7h59m, 8h, 47h, 2d, 7d23h, 8d,
 * 729d, 2y, 2y1d, 8y. As apimachinery's duration.HumanDuration: one second of negative skew reads "0s", more is
 * "<invalid>"; every unit is truncated, never rounded.
 */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.trunc(milliseconds / SECOND);
  if (seconds < -1) return INVALID;
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;

  const minutes = Math.floor(milliseconds / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;

  const hours = Math.floor(milliseconds / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;

  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;

  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** Parses an RFC 3339 timestamp; undefined when absent or unparsable (upstream's zero time). */
export function parseTime(timestamp: string | undefined | null): Date | undefined {
  if (!timestamp) return undefined;
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The age of a timestamp at `now` ("5m", "3d"), or "<unknown>" when it is not set: the AGE column. */
export function translateTimestampSince(timestamp: string | undefined | null, now: Date): string {
  const time = parseTime(timestamp);
  return time ? humanDuration(now.getTime() - time.getTime()) : UNKNOWN;
}
