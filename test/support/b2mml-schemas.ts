import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The official XSDs live beside the project, never inside it (see ../shared/b2mml/README.md).
export const B2MML_DIR = path.join(__dirname, '..', '..', '..', 'shared', 'b2mml');
export const PERFORMANCE_XSD = path.join(B2MML_DIR, 'B2MML-OperationsPerformance.xsd');
export const SCHEDULE_XSD = path.join(B2MML_DIR, 'B2MML-OperationsSchedule.xsd');
export const SCHEDULE_FIXTURE = path.join(__dirname, '..', 'fixtures', 'b2mml', 'operations-schedule.xml');

/** What stops schema validation here, if anything: said once, up front, rather than discovered per test. */
function missingPrerequisites(): string[] {
  const missing = [PERFORMANCE_XSD, SCHEDULE_XSD].filter((f) => !fs.existsSync(f)).map((f) => `${f} does not exist`);
  const xmllint = spawnSync('xmllint', ['--version']);
  if (xmllint.error || xmllint.status !== 0) missing.push('xmllint is not installed (run .ci/install-xmllint.sh)');
  return missing;
}

export const missing = missingPrerequisites();
if (missing.length > 0 && !process.env.CI) {
  console.warn(`Skipping the B2MML schema validation tests: ${missing.join('; ')}`);
}

/**
 * A test that needs the XSDs and xmllint: on CI their absence is a failure that names what is missing;
 * elsewhere the test is skipped, its name saying why, so it never passes without having validated.
 */
export function xsdTest(name: string, body: () => void | Promise<void>): void {
  const fn = async () => body();
  if (missing.length === 0) it(name, fn);
  else if (process.env.CI)
    it(name, () => {
      throw new Error(`Cannot validate against B2MML: ${missing.join('; ')}`);
    });
  else it.skip(`${name} [skipped: ${missing.join('; ')}]`, fn);
}

export function xmllint(xsd: string, file: string) {
  const run = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

let tmp: string | undefined;
export function scratchFile(name: string, content: string): string {
  tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'b2mml-'));
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Validates a document; on failure the assertion shows xmllint's own complaint. */
export function expectValid(xsd: string, xml: string, name: string): void {
  const file = scratchFile(name, xml);
  const { status, stderr } = xmllint(xsd, file);
  expect(stderr).toContain(`${file} validates`);
  expect(status).toBe(0);
}
