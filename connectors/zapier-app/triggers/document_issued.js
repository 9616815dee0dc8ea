'use strict';

const { hookTrigger } = require('../lib/hook-trigger');
const output = require('../lib/output-fields');

module.exports = hookTrigger({
  key: 'document_issued',
  event: 'document.issued',
  noun: 'Document',
  label: 'Document Issued',
  description: 'Triggers when a document is issued: it has its number and can be sent.',
  sample: require('../samples/document.issued.json'),
  outputFields: output.event(output.document),
});
