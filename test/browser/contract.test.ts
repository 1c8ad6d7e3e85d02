// The shared contract suite in Chromium (mocha globals from web-test-runner). Its twin under Node is
// test/shared/contract.test.ts.
import { contractSuite } from '../shared/contract.suite.js';

contractSuite({ describe, it, skip: it.skip });
