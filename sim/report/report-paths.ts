/** A variant name as a directory name: anything outside [A-Za-z0-9._-] becomes "-". */
export function safeDirName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '');
  return safe === '' ? 'variant' : safe;
}
