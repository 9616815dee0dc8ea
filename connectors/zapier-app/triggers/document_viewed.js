'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');
const sample = require('../samples/document.viewed.json');

module.exports = hookTrigger({
  key: 'document_viewed',
  event: 'document.viewed',
  noun: 'Document',
  label: 'Document Viewed',
  description: 'Triggers the first time the client opens a document by its link.',
  sample,
  outputFields: output.forSample(output.event(output.document), sample),
});
