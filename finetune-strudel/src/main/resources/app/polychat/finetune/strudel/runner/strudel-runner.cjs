'use strict';
// finetune's Strudel runner: a long-lived process speaking JSON lines (one JSON object per line, UTF-8).
//
//   node strudel-runner.cjs <engineDir>
//
// On start it writes {"type":"ready","versions":{...}} or, when the engine cannot load,
// {"type":"fatal","message":"..."} and exits with status 3.
// Then, for every request line {"id":"r1","code":"s(\"bd sd\")","cycles":4,"timeoutMs":2000}
// it writes one response line, in request order:
//   {"id":"r1","ok":true,"reason":"ok","stage":"query","message":"2 events in cycle 0","events":2,
//    "cycles":4,"ms":0.9,"logs":[]}
// A line that is not a JSON request is answered with {"id":null,"ok":false,"reason":"engine",...}.
// The evaluation itself lives in strudel-check.cjs so that other hosts (a grader Lambda) can reuse it.
// Protocol and sandbox: docs/strudel-engine.md in the finetune repository.

const readline = require('node:readline');
const { createChecker } = require('./strudel-check.cjs');

const stdout = process.stdout;
const exit = process.exit.bind(process);
const stdin = process.stdin;
const write = (obj) => stdout.write(JSON.stringify(obj) + '\n');

async function main() {
  let checker;
  try {
    checker = await createChecker({ engineDir: process.argv[2], lockDown: true });
  } catch (e) {
    write({ type: 'fatal', message: e && e.message ? e.message : String(e) });
    exit(3);
    return;
  }
  write({ type: 'ready', versions: checker.versions });
  const lines = readline.createInterface({ input: stdin, crlfDelay: Infinity });
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    queue = queue.then(() => answer(checker, line));
  });
  lines.on('close', () => queue.then(() => exit(0)));
}

async function answer(checker, line) {
  if (line.trim() === '') return;
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    write({ id: null, ok: false, reason: 'engine', stage: 'protocol', message: 'not a JSON request line: ' + e.message });
    return;
  }
  const id = request && request.id !== undefined ? request.id : null;
  try {
    const result = await checker.check(request.code, { cycles: request.cycles, timeoutMs: request.timeoutMs });
    write({ id, ...result });
  } catch (e) {
    write({ id, ok: false, reason: 'engine', stage: 'check', message: e && e.message ? e.message : String(e) });
  }
}

main();
