/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- a CommonJS file mocha requires before ts-node exists */
// ts-node for the tests: transpile only, with SWC (a spawned `npm run render` starts in about half
// the time). Set here and in package.json's scripts (`ts-node --swc`), never in tsconfig.json:
// Pulumi's Node.js plugin runner (@pulumi/pulumi/cmd/run-plugin) registers ts-node with type
// checking in the package's directory, and ts-node refuses a custom transpiler then.
require("ts-node").register({ transpileOnly: true, swc: true });
