'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/document.created.json');

module.exports = hookTrigger({
  key: 'document_created',
  event: 'document.created',
  noun: 'Document',
  label: 'New Document',
  description: 'Triggers when a document (invoice, order confirmation, delivery note, credit note) is created, as a draft or issued.',
  sample,
  outputFields: output.forSample(output.event(output.document), sample),
});
