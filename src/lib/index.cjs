// The SDK's entry for plain Node (`require('tracescope')`, and through index.mjs `import`). The
// sources are TypeScript, loaded through tsx as the CLI is: no build step after `npm install`.
// tsx's `require` is scoped to this load: nothing else in the agent's process is transpiled.
module.exports = require('tsx/cjs/api').require('./index.ts', __filename)
