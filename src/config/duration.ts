// Durations and byte sizes as operators write them: a number of seconds (or bytes), or a
// string with units ("1h30m", "4MiB"). Returns the number, or a sentence saying what is wrong.

const DURATION_UNITS: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1, ms: 0.001 };
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/y;

/** Seconds, or an error sentence (without the field name; the caller adds it). */
export function parseDuration(value: unknown): number | { error: string } {
  const problem = { error: 'must be a duration: a number of seconds, or a string like "30s", "10m", "1h", "1h30m"' };
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : { error: 'must be a duration greater than 0' };
  if (typeof value !== 'string') return problem;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return parseDuration(Number(text));
  if (text === '') return problem;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < text.length) {
    const start = DURATION_PART.lastIndex;
    const match = DURATION_PART.exec(text);
    if (!match || match.index !== start) return problem;
    total += Number(match[1]) * DURATION_UNITS[match[2]];
  }
  return total > 0 ? total : { error: 'must be a duration greater than 0' };
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Bytes, or an error sentence. */
export function parseByteSize(value: unknown): number | { error: string } {
  const problem = { error: 'must be a size in bytes greater than 0: a whole number, or a string like "512KiB", "4MiB"' };
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : problem;
  if (typeof value !== 'string') return problem;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return problem;
  const unit = SIZE_UNITS[(match[2] || 'b').toLowerCase()];
  if (unit === undefined) return problem;
  const bytes = Math.floor(Number(match[1]) * unit);
  return bytes > 0 ? bytes : problem;
}
