'use strict';

const { idempotencyKey } = require('./idempotency');
const { appErrorOf } = require('./http');

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

// An external id names a record in the app the zap comes from; "zapier" as its source keeps what
// zaps create apart from what routes create, and lets a find match what a create made.
const withSource = (body) => (body.externalId && !body.source ? { ...body, source: 'zapier' } : body);

const runBlock = async (z, block, body, headers) => {
  const response = await z.request({
    url: `/api/v1/actions/${encodeURIComponent(block)}`,
    method: 'POST',
    headers: headers || {},
    body: withSource(body),
  });
  return response.data;
};

// Creates: idempotent under Zapier's retries and replays. A dedupe key reused with other
// inputs is the zap's mistake, not Passerelle's: say which field to change.
const create = async (z, bundle, action, block, body) => {
  try {
    return await runBlock(z, block, body, { 'Idempotency-Key': idempotencyKey(bundle, action, body) });
  } catch (e) {
    const error = appErrorOf(e);
    if (error && error.status === 422 && /Idempotency-Key/.test(error.message) && bundle.inputData.dedupeKey) {
      throw new z.errors.Error(
        `Dedupe key "${bundle.inputData.dedupeKey}" was already used in the last 24 hours with other inputs, ` +
          'so Passerelle refused to treat this as a repeat. Map a dedupe key that names one record ' +
          `(e.g. the trigger's id), or leave it empty. Passerelle said: ${error.message}`,
        'DedupeKeyReused',
        422,
      );
    }
    throw e;
  }
};

// Searches: answer an array, newest first, empty when nothing matches.
const search = async (z, block, body) => {
  const found = await runBlock(z, block, body);
  return Array.isArray(found) ? found : [found];
};

module.exports = { pick, create, search, runBlock };
