'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');

module.exports = hookTrigger({
  key: 'invoice_overdue',
  event: 'document.overdue',
  noun: 'Invoice',
  label: 'Invoice Overdue',
  description: 'Triggers when an unpaid invoice passes its due date.',
  sample: require('../samples/document.overdue.json'),
  outputFields: output.event(output.document),
});
