#!/usr/bin/env node
// Runs the CLI straight from the TypeScript sources through tsx, so `npx tracescope` works
// right after `npm install` with no build step.
require('tsx/cjs/api').register()
require('../src/cli/index.ts')
