'use strict';

const { create, pick } = require('../lib/actions');
const { dedupeKeyField } = require('../lib/idempotency');
const { asBoolean } = require('../lib/values');
const output = require('../lib/output-fields');
const sample = require('../samples/send-document.json');

const perform = (z, bundle) => {
  const body = pick(bundle.inputData, ['documentId', 'to', 'subject', 'body']);
  const issue = asBoolean(z, 'Issue Drafts', bundle.inputData.issue);
  if (issue !== undefined) body.issue = issue;
  return create(z, bundle, 'send_document', 'send-document', body);
};

module.exports = {
  key: 'send_document',
  noun: 'Document',
  display: {
    label: 'Send Document',
    description: 'Emails a document to its client with its PDF and a link to view it online.',
  },
  operation: {
    inputFields: [
      {
        key: 'documentId',
        label: 'Document',
        type: 'string',
        required: true,
        dynamic: 'document_list.id.label',
        helpText: 'Pick a recent document, or map the ID from a "Create Document" step.',
      },
      { key: 'to', label: 'To', type: 'string', required: false, helpText: "The client's e-mail address when empty." },
      { key: 'subject', label: 'Subject', type: 'string', required: false, helpText: 'Your e-mail template when empty.' },
      { key: 'body', label: 'Message', type: 'text', required: false, helpText: 'Your e-mail template when empty.' },
      {
        key: 'issue',
        label: 'Issue Drafts',
        type: 'boolean',
        required: false,
        default: 'false',
        helpText: 'Yes: a draft is issued first. No: sending a draft fails.',
      },
      dedupeKeyField,
    ],
    perform,
    sample,
    outputFields: output.forSample(output.email, sample),
  },
};
