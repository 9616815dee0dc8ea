'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/document.issued.json');

module.exports = hookTrigger({
  key: 'document_issued',
  event: 'document.issued',
  noun: 'Document',
  label: 'Document Issued',
  description: 'Triggers when a document is issued: it has its number and can be sent.',
  sample,
  outputFields: output.forSample(output.event(output.document), sample),
});
