'use strict';
// finetune's local grader driver: runs a packaged grader exactly as AWS Lambda would call it, on a
// batch read from stdin, and writes one JSON object to stdout:
//   {"output": <what handler(batch) returned>, "details": [<grade(sample) per sample, if exported>]}
// Usage: node local-driver.cjs <grader folder>   (the folder with index.js and node_modules)
// Written for finetune; the grader may take over console and globals, so stdout is kept first.

const out = process.stdout;
const exit = process.exit.bind(process);
const path = require('node:path');

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const batch = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const grader = require(path.resolve(process.argv[2], 'index.js'));
  if (typeof grader.handler !== 'function') {
    throw new Error('index.js exports no handler function');
  }
  const output = await grader.handler(batch, {});
  const details = [];
  if (typeof grader.grade === 'function') {
    for (const sample of batch) details.push(await grader.grade(sample));
  }
  out.write(JSON.stringify({ output, details }) + '\n', () => exit(0));
}

main().catch((e) => {
  out.write(JSON.stringify({ error: e && e.message ? e.message : String(e) }) + '\n', () => exit(2));
});
