'use strict';
/**
 * Builds what changed, and nothing else. Three targets:
 *   hub    — tsconfig.build.json → dist/ (src, adapters, migrations, bench)
 *   portal — portal/tsconfig.json → dist/portal
 *   station — station/tsconfig.json → dist/station (the operator station's page)
 * After a good compile a stamp (dist/.build/<target>.json) records when it started and every source file
 * the compiler read (tsc --listFiles, minus node_modules). A target is fresh when its stamp exists, its
 * entry file is in dist, no recorded source is missing or newer than the stamp, and no file or folder under
 * the project's `include` folders is newer (a new or deleted file changes its folder's time). Checking
 * that costs milliseconds; compiling costs many seconds, so `npm start` and the CLIs compile only when a
 * source changed. tsc runs incrementally (its .tsbuildinfo beside the stamp), so a small change compiles
 * faster than the first build.
 *
 *   node scripts/build.cjs [hub] [portal] [station] [--force]   (no target = both; `npm run build`)
 *   node scripts/build.cjs --after-install            (npm's `prepare`, run by `npm install`)
 *
 * After an install a failed build only warns: `npm install` must finish (CI installs first, then tests),
 * and `npm start` shows the compiler's errors again. Without TypeScript (an install without dev
 * dependencies) there is nothing to build with; dist must then come built.
 *
 * Plain CommonJS on purpose: it must run before anything is compiled.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STAMPS = path.join(ROOT, 'dist', '.build');

const TARGETS = {
  hub: { project: 'tsconfig.build.json', entry: 'dist/src/app/main.js', label: 'the hub' },
  portal: { project: 'portal/tsconfig.json', entry: 'dist/portal/main.js', label: 'the portal' },
  station: { project: 'station/tsconfig.json', entry: 'dist/station/main.js', label: 'the station' },
};

const rel = (p) => path.relative(ROOT, p) || '.';
const mtime = (p) => {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
};

/** The project file, the files it extends, and its `include` folders (absolute). */
function projectFiles(project) {
  const configs = [];
  let include;
  for (let file = path.join(ROOT, project); file;) {
    configs.push(file);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!include && json.include) include = json.include.map((p) => path.resolve(path.dirname(file), p));
    file = json.extends ? path.resolve(path.dirname(file), json.extends) : undefined;
  }
  return { configs, include: include ?? [] };
}

/** The first file or folder under `dir` modified after `since`, if any. */
function newerUnder(dir, since) {
  const t = mtime(dir);
  if (t === undefined) return undefined;
  if (t > since) return dir;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined; // a file, already judged by its time
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    const found = e.isDirectory() ? newerUnder(p, since) : (mtime(p) ?? Infinity) > since ? p : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Why `name` must be compiled, or undefined when dist is fresh. */
function staleReason(name) {
  const target = TARGETS[name];
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(STAMPS, `${name}.json`), 'utf8'));
  } catch {
    return 'no build yet';
  }
  if (!fs.existsSync(path.join(ROOT, target.entry))) return `${target.entry} is missing`;
  const since = stamp.startedAt;
  const { configs, include } = projectFiles(target.project);
  for (const file of [...configs, ...stamp.inputs.map((p) => path.join(ROOT, p))]) {
    const t = mtime(file);
    if (t === undefined) return `${rel(file)} is gone`;
    if (t > since) return `${rel(file)} changed`;
  }
  for (const dir of include) {
    const found = newerUnder(dir, since);
    if (found) return `${rel(found)} changed`;
  }
  return undefined;
}

function tscPath() {
  try {
    return require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    return undefined;
  }
}

/** Compiles one target; returns true on success (and writes its stamp). */
function compile(name, reason) {
  const target = TARGETS[name];
  const tsc = tscPath();
  if (!tsc) {
    process.stderr.write(`Cannot build ${target.label} (${reason}): TypeScript is not installed; run npm install\n`);
    return false;
  }
  fs.mkdirSync(STAMPS, { recursive: true });
  const buildInfo = path.join(STAMPS, `${name}.tsbuildinfo`);
  // An incremental compile trusts its build info about what it emitted: when outputs went missing, start over.
  if (!fs.existsSync(path.join(ROOT, target.entry))) fs.rmSync(buildInfo, { force: true });
  process.stderr.write(`Building ${target.label} (${reason})…\n`);
  const startedAt = Date.now();
  const args = [tsc, '-p', target.project, '--incremental', '--tsBuildInfoFile', buildInfo, '--listFiles'];
  if (process.stderr.isTTY) args.push('--pretty');
  const res = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const inputs = [];
  const messages = [];
  for (const line of (res.stdout ?? '').split('\n')) {
    if (path.isAbsolute(line) && fs.existsSync(line)) {
      const r = path.relative(ROOT, line);
      if (!r.startsWith('..') && !r.split(path.sep).includes('node_modules')) inputs.push(r);
    } else if (line.trim()) {
      messages.push(line);
    }
  }
  if (messages.length) process.stderr.write(messages.join('\n') + '\n');
  if (res.stderr) process.stderr.write(res.stderr);
  if (res.status !== 0) {
    process.stderr.write(`Building ${target.label} failed${res.error ? `: ${res.error.message}` : ''}\n`);
    return false;
  }
  fs.writeFileSync(path.join(STAMPS, `${name}.json`), JSON.stringify({ startedAt, inputs }, null, 1));
  process.stderr.write(`Built ${target.label} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
  return true;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};

/**
 * Holds a lock folder (with the holder's pid in it) while compiling, so two commands started together
 * (npm start and npm run token) do not compile into dist at the same time: the second waits, then finds
 * dist fresh. A lock whose process is gone (a build stopped with Ctrl-C) is taken over at once.
 */
function withLock(fn) {
  fs.mkdirSync(STAMPS, { recursive: true });
  const lock = path.join(STAMPS, 'lock');
  const deadline = Date.now() + 15 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // just made, pid not written yet; or left half-made by a killed build (judged by its age below)
      }
      const abandoned = Number.isInteger(holder) ? !alive(holder) : (mtime(lock) ?? 0) < Date.now() - 10_000;
      if (abandoned || Date.now() > deadline) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!told) process.stderr.write(`Waiting for the build in process ${holder} to finish…\n`);
      told = true;
      sleep(250);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Makes sure each target in dist is built from the current sources; false when a compile failed. */
function ensureBuilt(names, { force = false } = {}) {
  const stale = () => names.map((n) => [n, force ? 'forced' : staleReason(n)]).filter(([, why]) => why);
  if (!stale().length) return true;
  return withLock(() => {
    for (const [name, why] of stale()) if (!compile(name, why)) return false;
    return true;
  });
}

module.exports = { ensureBuilt, staleReason, TARGETS };

if (require.main === module) {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const afterInstall = args.includes('--after-install');
  const names = args.filter((a) => !a.startsWith('--'));
  for (const n of names) {
    if (!TARGETS[n]) {
      process.stderr.write(`Unknown target ${n}; the targets are ${Object.keys(TARGETS).join(', ')}\n`);
      process.exit(2);
    }
  }
  if (afterInstall && !tscPath()) {
    process.stderr.write('TypeScript is not installed (no dev dependencies), so the hub was not built; dist must come built.\n');
    process.exit(0);
  }
  const ok = ensureBuilt(names.length ? names : Object.keys(TARGETS), { force });
  if (!ok && afterInstall) {
    process.stderr.write('The install is complete, but the hub did not compile; `npm start` will show the errors again.\n');
    process.exit(0);
  }
  process.exit(ok ? 0 : 1);
}
