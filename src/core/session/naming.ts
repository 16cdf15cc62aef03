// Session directory names: `<runbook-slug>_<UTC yyyymmddThhmmssZ>_<host>_<random>`. The timestamp
// sorts; the random suffix keeps two windows that start the same runbook in the same second apart.
import { createHash, randomBytes } from 'node:crypto';
import { basename, extname } from 'node:path';

export function slug(text: string, max = 40): string {
  const s = text.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, max).replace(/-+$/, '') || 'runbook';
}

export function compactUtc(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function sessionDirName(runbookPath: string, host: string, date: Date): string {
  return `${slug(basename(runbookPath, extname(runbookPath)))}_${compactUtc(date)}_${slug(host, 24)}_${randomBytes(3).toString('hex')}`;
}

/** A file-system-safe name for a step's output file (stable, collision-free). */
export function outputFileName(stepId: string, attempt: number): string {
  const safe = stepId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
  const suffix = safe === stepId ? '' : `-${createHash('sha256').update(stepId).digest('hex').slice(0, 8)}`;
  return `outputs/${safe}${suffix}.${attempt}.log`;
}
