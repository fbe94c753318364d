// The reliability suite: the quick parts (`*.test.ts`, also run by `npm test`) and the long
// ones (`*.rel.ts`, only here). Run with `npm run test:reliability`; see docs/reliability.md.
const base = require('../../package.json').jest

module.exports = {
    ...base,
    rootDir: '../..',
    testMatch: ['<rootDir>/test/reliability/**/*.test.ts', '<rootDir>/test/reliability/**/*.rel.ts'],
    testTimeout: 900000,
}
