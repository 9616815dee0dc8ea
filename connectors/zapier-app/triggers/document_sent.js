'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/document.sent.json');

module.exports = hookTrigger({
  key: 'document_sent',
  event: 'document.sent',
  noun: 'Document',
  label: 'Document Sent',
  description: 'Triggers when the e-mail carrying a document is accepted by the mail server.',
  sample,
  outputFields: output.forSample(output.event(output.document), sample),
});
