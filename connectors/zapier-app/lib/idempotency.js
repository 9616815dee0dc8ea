'use strict';

const crypto = require('crypto');

// Zapier retries and replays steps; every create therefore sends an Idempotency-Key, and
// Passerelle answers a repeat of the same key and body with the first result (for 24 hours).
// The key is the user's "Dedupe key" when mapped (e.g. the CRM lead's id), else a hash of the
// zap, the action and every input: the same inputs in the same zap within 24 hours give the
// first result again instead of a second object.

const MAX = 200;

// Key order must not change the hash: {a, b} and {b, a} are the same inputs.
const canonical = (value) => {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value === undefined ? null : value);
};

const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

const zapIdOf = (bundle) => {
  const zap = bundle.meta && bundle.meta.zap;
  return zap && zap.id !== undefined && zap.id !== null ? String(zap.id) : '';
};

// The action is part of the key so that one dedupe key mapped into two steps (create the
// client, then the invoice, both keyed by the order id) does not make the second step collide.
const idempotencyKey = (bundle, action, body) => {
  const given = bundle.inputData && bundle.inputData.dedupeKey;
  const dedupe = given === undefined || given === null ? '' : String(given).trim();
  if (dedupe) {
    const plain = `zapier:${action}:${dedupe}`;
    return plain.length <= MAX && /^[\x21-\x7e]+$/.test(plain) ? plain : `zapier:${action}:k:${sha256(dedupe)}`;
  }
  return `zapier:${action}:h:${sha256(canonical({ zap: zapIdOf(bundle), action, body }))}`;
};

const dedupeKeyField = {
  key: 'dedupeKey',
  label: 'Dedupe key',
  type: 'string',
  required: false,
  helpText:
    'Optional. Map something that names this record in the trigger app (e.g. the lead or order id): ' +
    'the same key within 24 hours answers the first result instead of creating a second one. ' +
    'Left empty, the key is derived from this zap and all the inputs: the same inputs within 24 hours ' +
    'answer the first result.',
};

module.exports = { idempotencyKey, canonical, dedupeKeyField };
