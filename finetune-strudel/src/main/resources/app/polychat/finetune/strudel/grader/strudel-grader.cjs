'use strict';
// finetune's Strudel grader for Amazon Bedrock reinforcement fine-tuning: an AWS Lambda handler.
//
// Contract (Amazon Bedrock User Guide, "Setting up reward functions"): the function receives a batch
//   [{"id": "123", "messages": [..., {"role": "assistant", "content": "<the model's answer>"}],
//     "metadata": {"reference_answer": "...", <the record's other fields>}}]
// and returns, per sample,
//   {"id": "123", "aggregate_reward_score": 0.85,
//    "metrics_list": [{"name": "...", "value": 0.9, "type": "Reward" | "Metric"}]}
// Some guide pages show reference_answer beside messages instead of inside metadata: both are read.
//
// Reward rules (documented in the README, "Reinforcement fine-tuning"): the answer is run by the same
// Strudel engine check as `finetune dataset generate --check strudel` (strudel-check.cjs):
//   runs and plays sounding events ............ 1.0
//   events, but plain values (no s()/note()) .. 0.5
//   a pattern with no events .................. 0.4
//   evaluates, but not to a pattern ........... 0.2
//   runtime error, unknown function, mini-notation error ... 0.1
//   syntax error, empty answer, timeout ....... 0.0
// An answer wrapped in markdown fences is checked without them and its execution reward is multiplied
// by 0.9 (the datasets hold bare code). With FINETUNE_GRADER_SIMILARITY_WEIGHT = w (0 to 1, default 0),
// the aggregate is (1 - w) × execution + w × similarity, where similarity is the Jaccard similarity of
// the answer's and the reference answer's code tokens, counted only when the answer plays (reward 1.0
// before the fence factor); with w = 0 similarity is still reported as a Metric.
//
// The Strudel engine packages (@strudel/*, AGPL-3.0) are installed next to this file by npm when the
// user builds the package (`finetune grader package --check strudel`); finetune never ships them.

const { createChecker } = require('./strudel-check.cjs');

const EXECUTION_REWARD = {
  ok: 1.0,
  'no-sound': 0.5,
  'no-events': 0.4,
  'not-a-pattern': 0.2,
  runtime: 0.1,
  'unknown-function': 0.1,
  'mini-notation': 0.1,
  syntax: 0.0,
  timeout: 0.0,
};
const FENCE_FACTOR = 0.9;

function numberSetting(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(name + ' must be a number from ' + min + ' to ' + max + ', was "' + raw + '"');
  }
  return value;
}

const settings = {
  similarityWeight: numberSetting('FINETUNE_GRADER_SIMILARITY_WEIGHT', 0, 0, 1),
  cycles: numberSetting('FINETUNE_GRADER_CYCLES', 4, 1, 64),
  timeoutMs: numberSetting('FINETUNE_GRADER_TIMEOUT_MS', 2000, 50, 60000),
};

// The grader calls no AWS service: the execution role's credentials are removed from the environment
// before any answer runs, and so are the globals an answer could use to reach the network.
for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
  delete process.env[name];
}
for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) {
  try { delete globalThis[name]; } catch (e) { /* not deletable: leave it */ }
}

let checkerPromise;
function checker() {
  if (!checkerPromise) {
    // lockDown stays off: it replaces the global process object, which the Lambda runtime shares with
    // this module. guardSyncHangs interrupts an answer's endless loop in place (a Lambda cannot be
    // restarted per answer as the local runner is).
    checkerPromise = createChecker({ engineDir: __dirname, lockDown: false, guardSyncHangs: true });
  }
  return checkerPromise;
}

const FENCE = /^\s*```[A-Za-z0-9_+-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/;

/** The code of an answer, without markdown fences; whether it had them. */
function codeOf(text) {
  const match = FENCE.exec(text);
  return match ? { code: match[1], fenced: true } : { code: text, fenced: false };
}

function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && typeof part.text === 'string' ? part.text : '')).join('\n');
  }
  return '';
}

function answerOf(sample) {
  const messages = Array.isArray(sample && sample.messages) ? sample.messages : [];
  const last = messages[messages.length - 1];
  return last && last.role === 'assistant' ? contentText(last.content) : null;
}

function referenceOf(sample) {
  const meta = sample && sample.metadata && typeof sample.metadata === 'object' ? sample.metadata : {};
  const reference = meta.reference_answer !== undefined ? meta.reference_answer : sample.reference_answer;
  if (reference === undefined || reference === null) return null;
  if (typeof reference === 'string') return reference;
  if (typeof reference.answer === 'string') return reference.answer;
  return JSON.stringify(reference);
}

const TOKEN = /[A-Za-z_$][A-Za-z0-9_$]*|\d+(?:\.\d+)?|"[^"\n]*"|'[^'\n]*'|`[^`]*`|\S/g;

/** Jaccard similarity of the two codes' token sets (identifiers, numbers, strings, symbols). */
function similarity(a, b) {
  const left = new Set(a.match(TOKEN) || []);
  const right = new Set(b.match(TOKEN) || []);
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  return shared / (left.size + right.size - shared);
}

function round(value) {
  return Math.round(value * 10000) / 10000;
}

/** One sample graded, with the details `finetune grader test` prints. */
async function grade(sample) {
  const id = sample && sample.id !== undefined ? String(sample.id) : '';
  const answer = answerOf(sample);
  const reference = referenceOf(sample);
  let result;
  let fenced = false;
  if (answer === null) {
    result = { ok: false, reason: 'syntax', message: 'the last message is not the assistant\'s answer', events: 0, ms: 0 };
  } else {
    const parsed = codeOf(answer);
    fenced = parsed.fenced;
    result = await (await checker()).check(parsed.code, { cycles: settings.cycles, timeoutMs: settings.timeoutMs });
    if (result.reason === 'engine') {
      throw new Error('the Strudel engine failed (not the answer\'s fault): ' + result.message);
    }
  }
  const base = EXECUTION_REWARD[result.reason] !== undefined ? EXECUTION_REWARD[result.reason] : 0;
  const execution = base * (fenced ? FENCE_FACTOR : 1);
  const code = answer === null ? '' : codeOf(answer).code;
  const similar = reference === null ? 0 : similarity(code, codeOf(reference).code);
  const w = reference === null ? 0 : settings.similarityWeight;
  const aggregate = (1 - w) * execution + w * (result.reason === 'ok' ? similar : 0);
  const metrics = [
    { name: 'execution', value: round(execution), type: 'Reward' },
    { name: 'similarity', value: round(similar), type: w > 0 ? 'Reward' : 'Metric' },
    { name: 'runs', value: result.reason === 'ok' || result.reason === 'no-sound' || result.reason === 'no-events' ? 1 : 0, type: 'Metric' },
    { name: 'events', value: result.events || 0, type: 'Metric' },
    { name: 'fenced', value: fenced ? 1 : 0, type: 'Metric' },
    { name: 'check_ms', value: round(result.ms || 0), type: 'Metric' },
  ];
  return {
    id,
    aggregate_reward_score: round(aggregate),
    metrics_list: metrics,
    reason: result.reason,
    message: result.message,
    hasReference: reference !== null,
  };
}

/** The Lambda handler: a batch of samples in, one reward per sample out, in the documented shape. */
async function handler(event) {
  const samples = Array.isArray(event) ? event : [];
  const out = [];
  for (const sample of samples) {
    const graded = await grade(sample);
    out.push({
      id: graded.id,
      aggregate_reward_score: graded.aggregate_reward_score,
      metrics_list: graded.metrics_list,
    });
  }
  return out;
}

module.exports = { handler, grade, settings, EXECUTION_REWARD };
