// Durations and sizes as people read them, everywhere (cards, editor, CLI, evidence, reasons):
// "850 ms", "1.5 s", "42 s", "3 min 5 s", "2 min", "2 h 10 min", "1 h"; "512 B", "1.5 KiB".
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 59.5) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  // Round once, then split, so 119.6 s reads "2 min", never "1 min 60 s"; zero parts are left out.
  const total = Math.round(seconds);
  const [minutes, rest] = [Math.floor(total / 60), total % 60];
  if (minutes < 60) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  const [hours, mins] = [Math.floor(minutes / 60), minutes % 60];
  return mins ? `${hours} h ${mins} min` : `${hours} h`;
}

/** Sizes in binary units: "512 B", "1.5 KiB", "3.2 MiB", "1.02 GiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
