/* eslint-disable @typescript-eslint/no-require-imports -- Jest loads a sequencer with require */
/* global require, module */
// Order of the suites: the longest first, so that no worker is left alone with a long suite at
// the end of the run. Jest knows how long each suite took when it ran on this machine before;
// a suite it has not timed (every suite in CI's fresh clone) gets an estimate instead of
// Jest's own (the file's size alone, which puts the small but long browser journeys last):
// a browser journey, then a suite that starts the application in a process of its own, then by
// size; the PostgreSQL run of an e2e suite is a little slower than the SQLite one.
// Durations are in milliseconds, as Jest's own: Jest runs a run of at most 20 suites all
// under a second in one process, and an estimate in seconds made every such run serial
// (the ten browser journeys took 405 s one after the other instead of using both cores).
const { readFileSync } = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

function estimateSeconds(test) {
  const source = readFileSync(test.path, 'utf8');
  if (test.path.endsWith('.browser-spec.ts')) return 60 + source.length / 1000;
  if (!test.path.endsWith('.e2e-spec.ts')) return source.length / 20000;
  const seconds = (source.includes('startChildApp(') ? 15 : 0) + source.length / 2000;
  return test.context.config.displayName?.name === 'e2e-postgres' ? seconds * 1.3 : seconds;
}

class LongestFirst extends Sequencer {
  sort(tests) {
    for (const test of tests) test.duration = this.time(test) ?? estimateSeconds(test) * 1000;
    return tests.sort((a, b) => Number(this.hasFailed(b)) - Number(this.hasFailed(a)) || b.duration - a.duration);
  }
}

module.exports = LongestFirst;
