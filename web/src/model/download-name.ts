/**
 * File names for downloads of one selection: SERVICE.TYPE.FROM_TO.EXT, e.g.
 * `checkout.process_cpu.2026-11-30T10-00_2026-11-30T11-00.pb.gz`. Times are UTC, to the minute (to the
 * second when the window does not start or end on a minute), with '-' for ':' so every file system takes
 * them. Characters outside [A-Za-z0-9._-] in the service become '_'.
 */
export function downloadName(service: string, profileType: string, fromMs: number, toMs: number, ext: string): string {
  return `${safe(service) || 'profile'}.${typeLabel(profileType)}.${stamp(fromMs)}_${stamp(toMs)}.${ext}`;
}

/**
 * The type's name, with its sample type when the name alone is ambiguous: `process_cpu`, `goroutine`,
 * `memory.inuse_space`, `mutex.delay`.
 */
export function typeLabel(profileType: string): string {
  const [name = '', sample = ''] = profileType.split(':');
  const label = !sample || name.includes(sample) ? name : `${name}.${sample}`;
  return safe(label) || 'profile';
}

function stamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-30T10:00:00.000Z
  const minute = iso.slice(0, 16);
  const seconds = iso.slice(17, 19);
  return (ms % 60_000 === 0 ? minute : `${minute}:${seconds}`).replaceAll(':', '-');
}

function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}
