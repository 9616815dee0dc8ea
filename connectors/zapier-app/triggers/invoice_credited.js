'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/document.credited.json');

module.exports = hookTrigger({
  key: 'invoice_credited',
  event: 'document.credited',
  noun: 'Invoice',
  label: 'Invoice Credited',
  description: 'Triggers when an invoice is credited (refunded or cancelled) by a credit note.',
  sample,
  outputFields: output.forSample(output.event(output.document), sample),
});
