'use strict';
// finetune's Strudel answer check: loads the Strudel engine packages that the user installed (they are
// AGPL-3.0 and never shipped with finetune) and checks one answer the way the Strudel REPL would run it:
// transpile (JavaScript syntax), evaluate (runtime errors, unknown functions, mini-notation), confirm the
// result is a Pattern, and query the first cycles for events.
//
// Usable on its own (a grader, a Lambda handler):
//   const { createChecker } = require('./strudel-check.cjs');
//   const checker = await createChecker({ engineDir: '/path/with/node_modules' });
//   const result = await checker.check('s("bd sd")', { cycles: 4, timeoutMs: 2000 });
//   // { ok: true, reason: 'ok', stage: 'query', events: 2, cycles: 4, ms: 1.2, message: '...', logs: [] }
//
// reason is one of: ok, syntax, mini-notation, unknown-function, runtime, not-a-pattern, no-events,
// no-sound, timeout, engine.

const vm = require('node:vm');
const path = require('node:path');
const fs = require('node:fs');
const { pathToFileURL } = require('node:url');
const nodeModule = require('node:module');
const { performance } = require('node:perf_hooks');

const NODE_VERSION = process.versions.node;
const AsyncFunction = (async () => {}).constructor;
const PACKAGES = ['@strudel/core', '@strudel/mini', '@strudel/tonal', '@strudel/transpiler'];

// Modules that answers may not reach through import(): network, processes, threads.
const BLOCKED_MODULES = [
  'net', 'http', 'https', 'http2', 'dgram', 'tls', 'dns', 'child_process', 'worker_threads',
  'cluster', 'inspector', 'fs', 'fs/promises', 'module', 'vm', 'process', 'v8', 'repl',
];

// @strudel/core 1.2.x imports { SalatRepl } from '@kabelsalat/web', whose "main" entry is a browser
// bundle that Node cannot link. The check never plays audio, so the import resolves to a stub instead.
const HOOKS = `
const blocked = new Set(${JSON.stringify(BLOCKED_MODULES)}.flatMap((m) => [m, 'node:' + m]));
const stub = 'data:text/javascript,' + encodeURIComponent(
  'export class SalatRepl { constructor() {} evaluate() { throw new Error("kabelsalat is not available in the answer check"); } }');
export async function resolve(specifier, context, next) {
  if (specifier === '@kabelsalat/web') return { url: stub, shortCircuit: true };
  if (blocked.has(specifier)) throw new Error('import of ' + specifier + ' is not allowed in the answer check');
  return next(specifier, context);
}
`;

let hooksRegistered = false;

function registerHooks() {
  if (hooksRegistered) return;
  if (typeof nodeModule.register !== 'function') {
    throw new Error('Node.js ' + process.versions.node + ' is too old: the Strudel check needs Node.js 20.6 or newer');
  }
  nodeModule.register('data:text/javascript,' + encodeURIComponent(HOOKS));
  hooksRegistered = true;
}

function missingPackagesMessage(engineDir) {
  return 'the Strudel engine packages are not installed in ' + engineDir
    + ': run "finetune strudel setup" (or: npm install --prefix ' + engineDir + ' '
    + PACKAGES.map((p) => p + '@1.2.6').join(' ') + ')';
}

async function importPackage(engineDir, name) {
  const require = nodeModule.createRequire(path.join(engineDir, 'package.json'));
  let pkgJson;
  try {
    pkgJson = require.resolve(name + '/package.json');
  } catch (e) {
    throw new Error(missingPackagesMessage(engineDir));
  }
  const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
  const entry = path.join(path.dirname(pkgJson), pkg.module || pkg.main || 'index.js');
  return { module: await import(pathToFileURL(entry).href), version: pkg.version };
}

// Functions and methods of the Strudel REPL and its web packages (audio, samples, visuals) that are not
// part of the four engine packages. They do nothing here, so an answer that uses them still checks.
function installStubs(core) {
  const noop = () => undefined;
  const asyncNoop = async () => undefined;
  const globals = {
    samples: asyncNoop, setcps: noop, setCps: noop, setcpm: noop, setCpm: noop, hush: noop,
    initAudioOnFirstClick: noop, initAudio: asyncNoop, aliasBank: noop, soundAlias: noop,
    registerSynthSounds: noop, registerSound: noop, loadCsound: asyncNoop, loadOrc: asyncNoop,
    getAudioContext: noop,
  };
  for (const [name, fn] of Object.entries(globals)) {
    if (globalThis[name] === undefined) globalThis[name] = fn;
  }
  const visuals = ['pianoroll', 'punchcard', 'wordfall', 'scope', 'tscope', 'fscope', 'spiral', 'pitchwheel',
    'spectrum', 'markcss', 'draw', 'onPaint', 'animate', 'pianorollWith'];
  for (const name of visuals) {
    for (const key of [name, '_' + name]) {
      if (typeof core.Pattern.prototype[key] !== 'function') {
        Object.defineProperty(core.Pattern.prototype, key, {
          value: function () { return this; }, writable: true, configurable: true,
        });
      }
    }
  }
}

// Takes away what answers could use to reach the network or other processes from this realm. The Node
// permission model (--experimental-permission, set by the runner's launcher) guards the file system and
// child processes below this; see the module's documentation for what is and is not prevented.
function lockDownGlobals() {
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'Request', 'Response',
    'navigator']) {
    try { delete globalThis[name]; } catch (e) { globalThis[name] = undefined; }
  }
  const minimal = Object.freeze({ env: Object.freeze({ NODE_ENV: 'production' }) });
  Object.defineProperty(globalThis, 'process', { value: minimal, writable: false, configurable: false });
}

function errorMessage(e) {
  if (e && typeof e.message === 'string') return e.message;
  return String(e);
}

function classifyError(e) {
  const message = errorMessage(e);
  if (/^\[mini\]/.test(message)) return 'mini-notation';
  if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
  // "foo is not defined" / "s(...).fooBar is not a function" thrown by the answer's own code is a
  // name Strudel does not have; the same errors thrown inside the engine are a misuse (a number
  // where a function belongs), so they count as runtime errors.
  const inAnswer = !/node_modules/.test(firstFrame(e));
  if (inAnswer && e instanceof ReferenceError && /is not defined/.test(message)) return 'unknown-function';
  if (inAnswer && e instanceof TypeError && /is not a function/.test(message)) return 'unknown-function';
  return 'runtime';
}

function firstFrame(e) {
  const stack = e && typeof e.stack === 'string' ? e.stack.split('\n') : [];
  return stack.find((line) => /^\s+at /.test(line)) || '';
}

function describe(value) {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object (' + (value.constructor && value.constructor.name || 'Object') + ')';
  return 'a ' + typeof value + ' (' + String(value).slice(0, 40) + ')';
}

const SOUND_KEYS = ['s', 'sound', 'note', 'n', 'freq'];

// Names an answer sees as parameters of its own function instead of the host's globals, so that a
// plain `process.exit()` or `fetch(...)` in an answer reaches nothing, without changing the globals
// of a host that reuses this module (a Lambda handler still has its process).
const SHADOWED = ['process', 'require', 'module', 'exports', 'fetch', 'WebSocket', 'XMLHttpRequest',
  'EventSource', 'Request', 'Response'];
const SHADOW_VALUES = [Object.freeze({ env: Object.freeze({ NODE_ENV: 'production' }) })];

function isSound(value) {
  return value !== null && typeof value === 'object' && SOUND_KEYS.some((k) => value[k] !== undefined);
}

async function createChecker(options = {}) {
  const engineDir = path.resolve(options.engineDir || process.env.FINETUNE_STRUDEL_ENGINE || __dirname);
  // lockDown also removes fetch & co. and the real process from the global object (the runner does
  // this: it owns its process); a host that needs its globals leaves it off and still gets the
  // shadowed names above
  const lockDown = options.lockDown === true;
  // Strudel's logger prints engine messages (errors it caught, warnings) with console.log; they are
  // collected per check instead of reaching stdout, which carries the JSON-lines protocol.
  let logs = [];
  const collect = (...args) => {
    if (logs.length < 20) {
      logs.push(args.filter((a) => typeof a !== 'string' || !a.startsWith('background-color'))
        .map((a) => String(a).replace(/^%c/, '')).join(' ').slice(0, 500));
    }
  };
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[level] = collect;
  registerHooks();
  const loaded = {};
  for (const name of PACKAGES) loaded[name] = await importPackage(engineDir, name);
  const core = loaded['@strudel/core'].module;
  const mini = loaded['@strudel/mini'].module;
  const tonal = loaded['@strudel/tonal'].module;
  const transpilerModule = loaded['@strudel/transpiler'].module;
  // The REPL's scope: every export of the four packages becomes a global, as in strudel.cc.
  await core.evalScope(core, mini, tonal);
  mini.miniAllStrings();
  installStubs(core);
  const transpile = transpilerModule.transpiler;

  if (lockDown) lockDownGlobals();

  // A synchronous endless loop blocks this thread. The runner's host (StrudelEngineCheck) kills and
  // restarts the process when an answer misses its deadline, which costs nothing per check. A host that
  // cannot restart (a Lambda handler) sets guardSyncHangs: every evaluation and query then runs under
  // vm's watchdog, which interrupts the loop in place (about 0.1-0.5 ms extra per check).
  const guardSyncHangs = options.guardSyncHangs === true;
  const runTask = new vm.Script('globalThis.__finetuneTask()', { filename: 'strudel-check-task.js' });
  const runWithTimeout = (task, timeoutMs) => {
    if (!guardSyncHangs) return task();
    globalThis.__finetuneTask = task;
    try {
      return runTask.runInThisContext({ timeout: timeoutMs, breakOnSigint: false });
    } finally {
      globalThis.__finetuneTask = undefined;
    }
  };

  async function check(code, checkOptions = {}) {
    const cycles = checkOptions.cycles || 4;
    const timeoutMs = checkOptions.timeoutMs || 2000;
    const started = performance.now();
    logs = [];
    const result = (ok, reason, stage, message, extra = {}) => ({
      ok, reason, stage, message, ...extra, cycles,
      ms: Math.round((performance.now() - started) * 1000) / 1000,
      logs: logs.slice(),
    });
    if (typeof code !== 'string' || code.trim() === '') {
      return result(false, 'syntax', 'transpile', 'the answer is empty');
    }
    let js;
    try {
      js = transpile(code, { wrapAsync: false, addReturn: true, emitMiniLocations: false, emitWidgets: false }).output;
    } catch (e) {
      if (/without body expression/.test(errorMessage(e))) {
        return result(false, 'not-a-pattern', 'transpile', 'the code does not end with an expression: its last statement must evaluate to a pattern, such as stack(...)');
      }
      return result(false, 'syntax', 'transpile', 'JavaScript syntax error: ' + errorMessage(e));
    }
    let value;
    try {
      let fn;
      let isAsync = false;
      try {
        fn = new Function(...SHADOWED, '"use strict";\n' + js);
      } catch (e) {
        // top-level await (e.g. await samples(...)) needs an async function
        fn = new AsyncFunction(...SHADOWED, '"use strict";\n' + js);
        isAsync = true;
      }
      value = runWithTimeout(() => fn(...SHADOW_VALUES), timeoutMs);
      if (isAsync || (value && typeof value.then === 'function')) {
        let timer;
        const deadline = new Promise((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error('the answer did not finish within ' + timeoutMs + ' ms'), { code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' })), timeoutMs);
        });
        try {
          value = await Promise.race([value, deadline]);
        } finally {
          clearTimeout(timer);
        }
      }
    } catch (e) {
      const reason = classifyError(e);
      const message = reason === 'timeout' ? 'the answer did not finish within ' + timeoutMs + ' ms (endless loop?)' : errorMessage(e);
      return result(false, reason, 'evaluate', message);
    }
    if (!core.isPattern(value)) {
      return result(false, 'not-a-pattern', 'evaluate', 'the code evaluates to ' + describe(value) + ', not a Strudel pattern: end with a pattern expression such as stack(...)');
    }
    // Cycle by cycle until one has events: the first cycle runs every layer of the pattern (so
    // errors at query time show there), and most answers stop after it, which keeps a check fast.
    // Pattern.queryArc catches errors and only logs them; query() itself lets an error in the
    // pattern fail the check with its message.
    let onsets = [];
    let cycle = 0;
    for (; cycle < cycles && onsets.length === 0; cycle++) {
      let haps;
      try {
        haps = runWithTimeout(() => value.query(new core.State(new core.TimeSpan(cycle, cycle + 1))), timeoutMs);
      } catch (e) {
        const reason = classifyError(e);
        const message = reason === 'timeout' ? 'querying the pattern did not finish within ' + timeoutMs + ' ms (endless loop?)' : errorMessage(e);
        return result(false, reason, 'query', message);
      }
      onsets = haps.filter((h) => h.hasOnset());
    }
    if (onsets.length === 0) {
      const engineError = logs.find((line) => / error: /.test(line));
      return result(false, 'no-events', 'query', 'the pattern has no events in the first ' + cycles + ' cycles (it would play nothing)'
        + (engineError ? '; the engine said: ' + engineError : ''), { events: 0 });
    }
    const sounding = onsets.filter((h) => isSound(h.value)).length;
    if (sounding === 0) {
      return result(false, 'no-sound', 'query', 'the pattern\'s events are plain values such as ' + JSON.stringify(String(onsets[0].value)).slice(0, 40) + ', not sounds: wrap them in s(...) or note(...)', { events: onsets.length });
    }
    return result(true, 'ok', 'query', onsets.length + ' events in cycle ' + (cycle - 1), { events: onsets.length });
  }

  const versions = {};
  for (const name of PACKAGES) versions[name] = loaded[name].version;
  versions.node = NODE_VERSION;
  return { check, versions };
}

module.exports = { createChecker, PACKAGES, missingPackagesMessage };
