'use strict';

const { idempotencyKey } = require('./idempotency');

// A zap's action runs the same building block a route runs: POST /api/v1/actions/{block} with
// the block's properties as literal values.

// Zapier sends every field it shows, filled or not; an empty field means "not given" here,
// never "erase". Only the listed keys go out, so Zapier's own extras never reach the block.
const pick = (inputData, keys) => {
  const out = {};
  keys.forEach((k) => {
    const v = inputData[k];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      return;
    }
    out[k] = typeof v === 'string' ? v.trim() : v;
  });
  return out;
};

const runBlock = async (z, block, body, headers) => {
  const response = await z.request({
    url: `/api/v1/actions/${encodeURIComponent(block)}`,
    method: 'POST',
    headers: headers || {},
    body,
  });
  return response.data;
};

// Creates: idempotent under Zapier's retries and replays.
const create = (z, bundle, action, block, body) =>
  runBlock(z, block, body, { 'Idempotency-Key': idempotencyKey(bundle, action, body) });

// Searches: answer an array, newest first, empty when nothing matches.
const search = async (z, block, body) => {
  const found = await runBlock(z, block, body);
  return Array.isArray(found) ? found : [found];
};

module.exports = { pick, create, search, runBlock };
