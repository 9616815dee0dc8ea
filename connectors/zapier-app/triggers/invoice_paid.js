'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/document.paid.json');

module.exports = hookTrigger({
  key: 'invoice_paid',
  event: 'document.paid',
  noun: 'Invoice',
  label: 'Invoice Paid',
  description: 'Triggers when an invoice is paid in full.',
  sample,
  outputFields: output.forSample(output.event(output.document), sample),
});
