'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/document.overdue.json');

module.exports = hookTrigger({
  key: 'invoice_overdue',
  event: 'document.overdue',
  noun: 'Invoice',
  label: 'Invoice Overdue',
  description: 'Triggers when an unpaid invoice passes its due date.',
  sample,
  outputFields: output.forSample(output.event(output.document), sample),
});
