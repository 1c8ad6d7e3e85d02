// A web-test-runner reporter (web-test-runner.config.mjs) that ends the run with each test file's
// time: from the previous file's end to its own (its page load, hooks and tests: with concurrency 1
// that is the file's share of the run's wall time), and the sum of its tests' own durations.
const sumDurations = (suite) =>
  suite ? suite.tests.reduce((ms, t) => ms + (t.duration ?? 0), 0) + suite.suites.reduce((ms, s) => ms + sumDurations(s), 0) : 0;

export function fileTimesReporter() {
  const rows = [];
  let last = Date.now();
  return {
    start() {
      last = Date.now();
    },
    onTestRunStarted() {
      last = Date.now();
    },
    reportTestFileResults({ sessionsForTestFile, testFile }) {
      const now = Date.now();
      const tests = sessionsForTestFile.reduce((ms, s) => ms + sumDurations(s.testResults), 0);
      rows.push({ file: testFile.replace(`${process.cwd()}/`, ''), wall: now - last, tests });
      last = now;
    },
    stop() {
      if (!rows.length) return;
      const s = (ms) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
      const lines = rows.sort((a, b) => b.wall - a.wall).map((r) => `${s(r.wall)} ${s(r.tests)}  ${r.file}`);
      process.stdout.write(`\nTest files by time (since the file before ended / its tests' own time):\n${lines.join('\n')}\n`);
    },
  };
}
