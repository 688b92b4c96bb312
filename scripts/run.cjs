'use strict';
/**
 * Runs a compiled entry point after making sure dist is built from the current sources:
 *
 *   node scripts/run.cjs [--portal] dist/src/app/main.js [args…]
 *
 * When nothing changed it compiles nothing (see build.cjs). The entry then runs inside this same process —
 * no child — so the process npm starts is the hub itself: npm's SIGTERM/SIGINT reach the hub directly,
 * and its exit code is the hub's. `--portal` also builds the portal and the station (the pages `npm start` serves).
 */
const path = require('node:path');
const Module = require('node:module');
const { ensureBuilt } = require('./build.cjs');

const args = process.argv.slice(2);
const targets = ['hub'];
if (args[0] === '--portal') {
  args.shift();
  targets.push('portal', 'station');
}
if (!args.length) {
  process.stderr.write('usage: node scripts/run.cjs [--portal] <compiled entry, e.g. dist/src/app/main.js> [args…]\n');
  process.exit(2);
}
const entry = path.resolve(__dirname, '..', args.shift());

if (!ensureBuilt(targets)) process.exit(1);

// The entry sees the command line it would see if node had started it: argv[1] is itself, then its args,
// and `require.main === module` holds in it.
process.argv = [process.argv[0], entry, ...args];
Module.runMain(entry);
