import { basename, join, resolve } from 'node:path';

/** The repository root, whether running from src/ (ts-jest) or from the compiled dist/. */
export function projectRoot(): string {
  const up = resolve(__dirname, '..', '..', '..');
  return basename(up) === 'dist' ? resolve(up, '..') : up;
}

export const projectPath = (...parts: string[]) => join(projectRoot(), ...parts);
