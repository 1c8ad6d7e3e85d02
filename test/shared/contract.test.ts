// The shared contract suite under Node (node:test). Its twin in Chromium is test/browser/contract.test.ts.
import { describe, it } from 'node:test';
import { contractSuite } from './contract.suite.js';

contractSuite({ describe, it, skip: it.skip });
